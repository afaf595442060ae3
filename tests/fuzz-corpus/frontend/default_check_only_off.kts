scenario s {
    check progress = 5
}
