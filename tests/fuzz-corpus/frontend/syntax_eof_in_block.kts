scenario s {
    duration 1s
