scenario s {
    cgroup a { workers 1 work spin cpuset overlap(0 of 2) }
}
