# host_contention: a noisy neighbour runs throughout; the app still runs.
scenario host_contention "a busy backdrop does not starve the application" {
    duration 3s
    settle 500ms
    tags contention
    topology 1n2l1c1t

    backdrop {
        cgroup noise {
            workers 100%
            work cache_pressure(size = 1M)
        }
    }
    cgroup app {
        workers 2
        work bursty(burst = 1ms, sleep = 1ms)
    }

    expect {
        app.work_units > 0
        app.max_gap <= 2s
    }
}
