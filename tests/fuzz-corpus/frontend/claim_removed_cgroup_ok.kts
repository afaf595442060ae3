scenario s {
    cgroup a { workers 1 work spin }
    step 1/2 {
        remove a
    }
    expect {
        a.work_units > 0
    }
}
