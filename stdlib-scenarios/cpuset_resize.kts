# cpuset_resize: cpusets shrink, grow and swap while both cgroups are busy.
# Schedulers that cache placement per cgroup tend to strand tasks here.
scenario cpuset_resize "cpusets shrink, grow and swap under load" {
    requires llcs >= 2
    duration 3s
    settle 500ms
    tags "cpuset", resize
    topology 1n2l2c1t
    gauntlet llc, smt

    cgroup a {
        workers 2
        work spin
    }
    cgroup b {
        workers 2
        work mixed(burst = 2ms)
    }

    step 1/3 {
        cpuset a = disjoint(0 of 2)
        cpuset b = disjoint(1 of 2)
    }
    step 1/3 {
        cpuset a = range(0%, 75%)
        cpuset b = range(75%, 100%)
    }
    step 1/3 {
        swap_cpusets a b
    }

    expect {
        a.work_units > 0
        b.work_units > 0
        a.cpuset_violations == 0
        b.cpuset_violations == 0
        b.max_gap <= 2s
        # latency may grow with fewer CPUs, but not beyond ten times EEVDF's
        b.cpu_time <= 10 * baseline(b.cpu_time)
    }
}
