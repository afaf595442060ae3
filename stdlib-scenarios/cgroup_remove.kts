# cgroup_remove: a busy cgroup is removed; the others take over its CPUs.
scenario cgroup_remove "removing a busy cgroup frees its CPUs for the rest" {
    duration 3s
    settle 500ms
    tags "cgroup"
    topology 1n2l1c1t

    cgroup stay {
        workers 100%
        work spin
    }
    cgroup gone {
        workers 100%
        work spin
    }

    step 1/2 {
    }
    step 1/2 {
        remove gone
    }

    expect {
        stay.cpu_time[step 2] > stay.cpu_time[step 1]
    }
}
