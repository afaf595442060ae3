scenario s {
    cgroup a { workers 0% work spin }
}
