scenario s {
    cgroup a { workers 1 work spin }
    expect {
        a.p99_wake_latncy <= 5ms
    }
}
