scenario s {
    cgroup a { workers 1 work bursty(brust = 1ms) }
}
