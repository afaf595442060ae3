scenario s {
    cgroup a { workers 1 work spin }
    expect {
        a.max_gap[cpu 2] <= 1s
    }
}
