scenario s {
    duration 10s + 4K
}
