# affinity_change: task affinity narrows and widens under load.
scenario affinity_change "workers' affinity changes while they run" {
    duration 3s
    settle 500ms
    tags "affinity"
    topology 1n2l1c1t

    cgroup a {
        workers 2
        work spin
    }

    step 1/2 {
        affinity a = "0"
    }
    step 1/2 {
        affinity a = "0-1"
    }

    expect {
        a.cpus_used[step 1] == 1
        a.work_units > 0
    }
}
