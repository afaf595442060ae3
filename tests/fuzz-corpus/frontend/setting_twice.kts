scenario s {
    cgroup a {
        workers 1
        work spin
        workers 2
    }
}
