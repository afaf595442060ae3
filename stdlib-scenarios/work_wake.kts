# work_wake: sleep and wake (bursty, idle_churn).
scenario work_wake "sleep and wakeup work types: bursty, idle_churn" {
    duration 2s
    settle 500ms
    tags "work", wakeup
    topology 1n2l1c1t

    cgroup b {
        workers 2
        work bursty(burst = 1ms, sleep = 1ms)
    }
    cgroup i {
        workers 2
        work idle_churn(sleep = 100us)
    }

    expect {
        b.work_units > 0
        i.work_units > 0
        b.p99_wake_latency is finite
    }
}
