param count = 4
scenario s {
}
