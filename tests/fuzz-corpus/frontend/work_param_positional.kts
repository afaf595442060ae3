scenario s {
    cgroup a { workers 1 work bursty(1ms) }
}
