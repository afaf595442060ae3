scenario s {
    cgroup a { workers 2 work spin }
    step 1/2 {
        snapshot "one"
    }
    step 1/2 {
        snapshot "two"
    }
    expect {
        a.max_gap[step 2] <= 100ms
        a.work_units[worker 0] > 0
        a.work_units[step 1][worker 1] > 0
        all.max_gap <= 1s
        all.involuntary_switches >= 0
    }
}
