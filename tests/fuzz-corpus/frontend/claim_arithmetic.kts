scenario s {
    cgroup a { workers 2 work spin }
    cgroup b { workers 2 work spin }
    expect {
        (a.cpu_time + b.cpu_time) / 2 >= 1s - 100ms
        abs(a.work_units - b.work_units) <= 0.1 * max(a.work_units, b.work_units)
        min(a.max_gap, b.max_gap) <= 500ms
        -a.voluntary_switches <= 0
        a.cpu_time * 2 >= b.cpu_time
    }
}
