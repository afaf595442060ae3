scenario s {
    cgroup a { workers 1 work spin }
    expect {
        a.max_gap <= 5
    }
}
