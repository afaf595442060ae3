# A worker stopped with SIGSTOP by an op must be reported as starved.
scenario stopped "a SIGSTOPped cgroup starves" {
    duration 2s
    settle 200ms
    topology 1n2l1c1t
    check max_gap = 700ms

    cgroup a {
        workers 1
        work spin
    }
    cgroup b {
        workers 1
        work spin
    }

    step 1/4 {
    }
    step 3/4 {
        sigstop b
    }
}
