# oversubscribed: four runnable tasks per CPU; everyone must still run.
scenario oversubscribed "four spinners per CPU: no one starves" {
    duration 3s
    settle 500ms
    tags starvation
    topology 1n2l1c1t

    cgroup hogs {
        workers 400%
        work spin
    }

    expect {
        hogs.workers == 4 * topo.cpus
        hogs.max_gap <= 2s
        hogs.involuntary_switches > 0
    }
}
