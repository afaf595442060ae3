scenario s {
    check max_gaps = 2s
}
