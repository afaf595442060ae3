scenario s {
    requires a.max_gap >= 2
}
