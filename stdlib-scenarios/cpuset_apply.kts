# cpuset_apply: cpusets appear on running cgroups.
scenario cpuset_apply "cpusets applied to running cgroups are honoured" {
    requires llcs >= 2
    duration 3s
    settle 500ms
    tags "cpuset"
    topology 1n2l1c1t

    cgroup a {
        workers 2
        work spin
    }
    cgroup b {
        workers 2
        work spin
    }

    step 1/2 {
    }
    step 1/2 {
        cpuset a = llc(0)
        cpuset b = llc(1)
    }

    expect {
        a.cpus_used[step 2] <= topo.cpus / topo.llcs
        a.cpuset_violations == 0
        b.cpuset_violations == 0
    }
}
