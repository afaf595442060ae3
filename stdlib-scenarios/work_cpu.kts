# work_cpu: the CPU-bound family (spin, yield, mixed).
scenario work_cpu "CPU-bound work types: spin, yield, mixed" {
    duration 2s
    settle 500ms
    tags "work"
    topology 1n2l1c1t

    cgroup s {
        workers 1
        work spin
    }
    cgroup y {
        workers 1
        work yield
    }
    cgroup m {
        workers 1
        work mixed(burst = 1ms)
    }

    expect {
        s.work_units > 0
        y.work_units > 0
        m.work_units > 0
    }
}
