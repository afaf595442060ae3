scenario s {
    requires lccs >= 2
}
