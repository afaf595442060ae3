scenario s {
    duration 10s / 2K
}
