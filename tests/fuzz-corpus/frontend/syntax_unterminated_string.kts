scenario s "no end {
}
