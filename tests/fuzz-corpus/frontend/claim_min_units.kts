scenario s {
    cgroup a { workers 1 work spin }
    expect {
        min(a.max_gap, a.work_units) > 0
    }
}
