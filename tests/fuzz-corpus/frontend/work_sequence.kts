scenario s {
    cgroup a { workers 2 work sequence(spin for 10ms, bursty(burst = 1ms, sleep = 2ms) for 20ms, yield for 5ms) }
}
