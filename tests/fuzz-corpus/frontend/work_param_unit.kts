scenario s {
    cgroup a { workers 1 work bursty(burst = 4K) }
}
