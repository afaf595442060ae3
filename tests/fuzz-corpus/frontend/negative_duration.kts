scenario s {
    duration -5s
}
