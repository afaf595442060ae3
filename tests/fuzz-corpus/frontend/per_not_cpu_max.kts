scenario s {
    cgroup a { workers 1 work spin nice 1 per 2s }
}
