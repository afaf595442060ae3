scenario s {
    check max_gap = 2
}
