scenario s {
    cgroup a { workers 1 work spin }
    step 1/2 {
        frezee a
    }
    expect {
        a.max_gap <= 
        a.work_units >> 3
    }
}
