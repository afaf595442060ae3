scenario s {
    duration 10
}
