scenario s {
    duration "1" + 1s
}
