scenario s {
    cgroup a { workers 2 work bursty }
    expect {
        a.p99_wake_latency <= 1.5 * baseline(a.p99_wake_latency)
        a.work_units >= baseline(a.work_units) * 90%
    }
}
