scenario s {
    cgroup a { workers 1 work spin }
    expect {
        abs(a.max_gap, a.cpu_time) > 0s
    }
}
