scenario s {
    duration 10s / 0
}
