# steady_llc: one cgroup per LLC, each pinned to its own cache domain.
scenario steady_llc "one busy cgroup per LLC, each confined to its LLC" {
    requires llcs >= 2
    duration 3s
    settle 500ms
    tags smoke, llc
    topology 1n2l2c1t

    cgroup l0 {
        workers 100%
        work spin
        cpuset llc(0)
    }
    cgroup l1 {
        workers 100%
        work spin
        cpuset llc(1)
    }

    expect {
        l0.cpuset_violations == 0
        l1.cpuset_violations == 0
        l0.cpus_used <= 2
        l0.work_units / l1.work_units between 0.5 and 2
    }
}
