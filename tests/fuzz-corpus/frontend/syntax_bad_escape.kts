scenario s "a \q b" {
}
