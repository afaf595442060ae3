scenario s {
    cgroup a { workers 2 work spin }
    cgroup b { workers 2 work spin }
    expect {
        a.max_gap < 1s
        a.p50_wake_latency <= 200us
        a.work_units > 0
        a.iterations >= 10
        a.workers == 2
        a.migrations != 0
        a.cpu_time at least 1s
        b.p90_wake_latency at most 10ms
        a.work_units / b.work_units between 0.8 and 1.25
        a.work_units near b.work_units within 20%
        a.cpu_time near b.cpu_time
        a.fairness_spread is finite
    }
}
