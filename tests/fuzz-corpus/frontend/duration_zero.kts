scenario s {
    duration 0s
}
