# cpuset_clear: cpusets removed from running cgroups; tasks spread again.
scenario cpuset_clear "cleared cpusets let tasks use every CPU again" {
    requires llcs >= 2
    duration 3s
    settle 500ms
    tags "cpuset"
    topology 1n2l1c1t

    cgroup a {
        workers 2
        work spin
        cpuset llc(0)
    }

    step 1/2 {
    }
    step 1/2 {
        clear_cpuset a
    }

    expect {
        a.cpus_used[step 1] <= topo.cpus / topo.llcs
        a.cpus_used[step 2] >= 2
        a.cpuset_violations == 0
    }
}
