scenario s {
    cgroup a { workers 1 work spin }
    expect {
        max(1 of 2, a.work_units) > 0
    }
}
