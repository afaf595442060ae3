scenario s {
    cgroup a.b { workers 1 work spin }
}
