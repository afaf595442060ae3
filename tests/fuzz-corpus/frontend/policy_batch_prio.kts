scenario s {
    cgroup a { workers 1 work spin policy batch(3) }
}
