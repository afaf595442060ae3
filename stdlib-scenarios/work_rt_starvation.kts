# work_rt_starvation: a SCHED_FIFO spinner at 100% and two normal spinners
# pinned to its CPU (the other CPU is left to PID 1). Under EEVDF the fair
# server (50 ms of every second for fair tasks) keeps the normal ones
# running, each off the CPU for up to a second at a time (gaps of 0.95 s
# here). Under a sched_ext scheduler nothing does: expect the normal
# workers to stand still (scx_simple: gaps of 3.4-3.5 s, the whole run, so
# the gap claims, the max_gap check and the monitor's runnable wait FAIL;
# they run only before the FIFO worker starts and after it stops).
# scx_simple's watchdog waits 30 s, longer than this run, so the ejection
# is work_rt_eject's to show.
scenario work_rt_starvation "rt_starvation: a 100% SCHED_FIFO spinner and two normal spinners pinned beside it" {
    duration 3s
    settle 500ms
    tags "work", rt, starvation
    topology 1n1l2c1t
    # the fair server runs the normal workers once a second
    check max_gap = 2s

    cgroup r {
        workers 3
        work rt_starvation(count = 1)
    }

    expect {
        r.work_units[worker 0] > 0
        r.work_units[worker 1] > 0
        r.work_units[worker 2] > 0
        r.max_gap[worker 1] < 2s
        r.max_gap[worker 2] < 2s
    }
}
