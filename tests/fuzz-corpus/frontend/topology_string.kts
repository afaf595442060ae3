scenario s {
    topology "1n1l2c1t"
}
