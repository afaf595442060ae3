# work_preempt: wakeup preemption. Two groups, each a nice 19 hog and two
# nice 0 sleepers that wake every 500 us, so both CPUs are always busy with
# a hog when a sleeper's timer fires. How soon the sleeper runs is the
# scheduler's wakeup preemption: EEVDF preempts the low-weight hog on the
# wakeup (median wake latency 0.13-0.66 ms here under TCG). A sched_ext
# scheduler that neither kicks nor preempts leaves the sleeper behind the
# hog's slice: scx_simple (a shared queue, 20 ms slices) gave medians of
# 11.5-15.7 ms and fails the baseline claims below.
scenario work_preempt "preempt_storm: nice 0 sleepers waking every 500 us onto CPUs held by nice 19 hogs" {
    duration 3s
    settle 500ms
    tags "work", wakeup, latency
    topology 1n1l2c1t

    cgroup p {
        workers 6
        work preempt_storm(fanout = 2, sleep = 500us, burst = 50us)
    }

    expect {
        # the hogs keep running between the wakes
        p.work_units[worker 0] > 0
        p.work_units[worker 3] > 0
        # a sleeper of each group wakes and is measured
        p.work_units[worker 1] > 0
        p.work_units[worker 4] > 0
        p.p99_wake_latency[worker 1] is finite
        # woken onto a busy CPU, it runs about as soon as EEVDF runs it
        p.p50_wake_latency[worker 1] <= 4 * baseline(p.p50_wake_latency[worker 1]) + 2ms
        p.p50_wake_latency[worker 4] <= 4 * baseline(p.p50_wake_latency[worker 4]) + 2ms
    }
}
