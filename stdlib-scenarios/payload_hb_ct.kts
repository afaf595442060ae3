# payload_hb_ct: real benchmarks side by side. hackbench (pipes: 2 groups of
# 20 senders and receivers) loads one cgroup while cyclictest measures wake-up
# latency in the other. cyclictest has no -p, so its threads are SCHED_OTHER:
# the scheduler under test wakes them, not the RT class. Run it under a
# sched_ext scheduler (--scheduler scx_simple) to compare with EEVDF.
scenario payload_hb_ct "hackbench and cyclictest in two cgroups, against the EEVDF baseline" {
    duration 8s
    settle 500ms
    tags payload, latency
    topology 1n1l2c1t
    # hackbench wakes its 80 tasks in bursts: a run queue of 50 beside one of
    # 2 is its load, not a balancing fault (a global-DSQ scheduler counts a
    # queued task on the CPU it woke on)
    check imbalance = 64

    cgroup load {
        workers 1
        work exec("hackbench", "-p", "-g", "2", "-l", "30")
    }
    cgroup lat {
        workers 1
        work exec("cyclictest", "-q", "-t", "1", "-i", "2000", "-D", "6", "-h", "3000")
    }

    expect {
        load.hb.time < 20s
        lat.ct.cycles > 100
        lat.ct.max_latency < 2s
        # TCG's noise is large: a regression is an order of magnitude, not a percent
        load.hb.time <= 5 * baseline(load.hb.time) + 1s
        lat.ct.max_latency <= 10 * baseline(lat.ct.max_latency) + 100ms
    }
}
