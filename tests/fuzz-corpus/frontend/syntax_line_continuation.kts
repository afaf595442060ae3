scenario s {
    cgroup a { workers 1 work spin }
    cgroup b { workers 1 work spin }
    expect {
        a.work_units + b.work_units >=
            100
        max(a.max_gap,
            b.max_gap) <= 1s
    }
}
