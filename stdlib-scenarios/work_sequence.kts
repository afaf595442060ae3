# work_sequence: phases of other types in turn.
scenario work_sequence "a sequence of phases: spin, then bursty, repeating" {
    duration 2s
    settle 500ms
    tags "work"
    topology 1n2l1c1t

    cgroup s {
        workers 2
        work sequence(spin for 100ms, bursty(burst = 1ms, sleep = 1ms) for 100ms)
    }

    expect {
        s.work_units > 0
        s.iterations > 0
    }
}
