scenario s {
    cgroup a { workers 1 work spin cpuset "0-3;5" }
}
