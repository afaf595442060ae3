scenario s {
    cgroup a { workers 1 work spin }
    expect {
        a.max_gap > 0
        a.max_gap - 0 >= 0s
    }
}
