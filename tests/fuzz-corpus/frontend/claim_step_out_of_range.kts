scenario s {
    cgroup a { workers 1 work spin }
    step 1/2 {
        wait 1ms
    }
    expect {
        a.max_gap[step 2] <= 1s
    }
}
