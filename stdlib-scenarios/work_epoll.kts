# work_epoll: bursts of wakeups through epoll. One waker writes to three
# waiters' pipes at once; each sleeps in epoll_wait (ep_poll_callback wakes
# it, not a futex), answers, and the waker wakes on the last answer. A
# scheduler that places a burst of wakees badly shows in the wake latency.
scenario work_epoll "epoll_storm: a waker and three epoll_wait waiters, rounds acknowledged by all" {
    duration 2s
    settle 500ms
    tags "work", wakeup
    topology 1n2l1c1t

    cgroup e {
        workers 4
        work epoll_storm(fanout = 3)
    }
    cgroup s {
        workers 1
        work spin
    }

    expect {
        e.work_units > 0
        e.p99_wake_latency is finite
        s.work_units > 0
    }
}
