scenario s {
    cgroup a { workers 1 work spin policy rr(100) }
}
