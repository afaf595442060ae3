scenario s {
    tags "has space"
}
