scenario s {
    cgroup a { workers 1 work spin }
    cgroup b { workers 1 work spin }
    expect {
        a.max_gap near b.max_gap within 5ms
    }
}
