scenario s {
    duration 10sec
}
