scenario s {
    duration 10s é
}
