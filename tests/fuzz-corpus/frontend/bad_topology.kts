scenario s {
    topology 1n2x
}
