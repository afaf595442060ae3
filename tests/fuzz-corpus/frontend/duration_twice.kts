scenario s {
    duration 10s
    duration 20s
}
