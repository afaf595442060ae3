scenario s {
    backdrop {
        workers 2
    }
}
