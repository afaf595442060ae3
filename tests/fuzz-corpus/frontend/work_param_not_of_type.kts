scenario s {
    cgroup a { workers 1 work spin(size = 4K) }
}
