scenario s {
    requires memory >= 4
}
