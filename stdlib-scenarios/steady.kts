# steady: the simplest fairness check. Two equal cgroups of spinners share
# the machine; nothing changes while they run.
scenario steady "two equal cgroups of spinners share the CPUs fairly" {
    duration 3s
    settle 500ms
    tags smoke, fairness
    topology 1n2l1c1t

    cgroup a {
        workers 100%
        work spin
    }
    cgroup b {
        workers 100%
        work spin
    }

    expect {
        # every worker runs, and neither cgroup gets much more than the other
        a.work_units > 0
        b.work_units > 0
        a.work_units / b.work_units between 0.5 and 2
        all.max_gap <= 2s
    }
}
