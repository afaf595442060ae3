# mixed_workloads: CPU hogs, sleepers and yielders together.
scenario mixed_workloads "spinners, sleepers and yielders share the CPUs" {
    duration 3s
    settle 500ms
    tags mixed
    topology 1n2l1c1t

    cgroup hogs {
        workers 2
        work spin
    }
    cgroup sleepers {
        workers 2
        work bursty(burst = 500us, sleep = 2ms)
    }
    cgroup yielders {
        workers 2
        work yield
    }

    expect {
        hogs.work_units > 0
        sleepers.work_units > 0
        yielders.work_units > 0
        sleepers.max_gap <= 2s
    }
}
