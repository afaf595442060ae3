param p = spin
scenario s {
}
