scenario s {
    cgroup a { workers 2 work spin }
    expect {
        a.max_gap[worker 0][worker 1] <= 1s
    }
}
