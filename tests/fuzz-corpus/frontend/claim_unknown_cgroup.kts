scenario s {
    cgroup hogs { workers 1 work spin }
    expect {
        hgos.max_gap <= 5ms
    }
}
