scenario s {
    cgroup a { workers 1 work spin cpuset disjoint(0.5 of 2) }
}
