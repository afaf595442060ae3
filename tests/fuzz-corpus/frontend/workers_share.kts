scenario s {
    cgroup a { workers 200% work spin }
}
