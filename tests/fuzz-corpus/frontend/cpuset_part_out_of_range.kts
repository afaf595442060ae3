scenario s {
    cgroup a { workers 1 work spin cpuset disjoint(2 of 2) }
}
