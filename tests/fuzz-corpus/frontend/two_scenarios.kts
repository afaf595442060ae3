scenario a {
}
scenario b {
}
