# work_inversion: priority inversion inside one class. Worker 0 holds a
# lock at nice 19, worker 1 waits for it at nice -10, two hogs at nice 0
# take the holder's CPU. The waiter's wake latencies are its waits for the
# lock: how long the scheduler leaves a low-weight lock holder behind
# middle-weight work while a high-weight task waits on it. Seen here under
# TCG: EEVDF, which honours the weights, p99 151 ms; scx_simple, a global
# FIFO that ignores them, 0.07 ms.
scenario work_inversion "priority_inversion: a nice 19 holder, a nice -10 waiter, nice 0 hogs" {
    duration 3s
    settle 500ms
    tags "work", latency
    topology 1n1l2c1t

    cgroup p {
        workers 4
        work priority_inversion(hold = 1ms, sleep = 1ms)
    }

    expect {
        p.work_units[worker 1] > 0
        p.p99_wake_latency[worker 1] is finite
        # the waiter gets the lock in the end: the holder is not starved
        p.max_wake_latency[worker 1] < 2s
    }
}
