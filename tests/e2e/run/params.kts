# Every work parameter the language has for these types, and comm: each must
# reach the guest runtime (not be refused) and pace the work it names.
scenario params "work parameters and comm reach the guest runtime" {
    duration 1s
    settle 200ms
    topology 1n2l1c1t

    cgroup named {
        workers 1
        work spin
        comm "kts_named"
    }
    cgroup pp {
        workers 2
        work futex_pingpong(burst = 10ms)
    }
    cgroup fan {
        workers 2
        work futex_fanout(fanout = 1, burst = 10ms)
    }
    cgroup chain {
        workers 2
        work wake_chain(depth = 2, burst = 10ms)
    }
    cgroup nsw {
        workers 1
        work nice_sweep(interval = 10ms)
    }
    cgroup aff {
        workers 1
        work affinity_churn(interval = 10ms)
    }
    cgroup pol {
        workers 1
        work policy_churn(interval = 10ms)
    }
    cgroup cg {
        workers 1
        work cgroup_churn(interval = 10ms)
    }
    cgroup mtx {
        workers 2
        work mutex_contention(hold = 5ms, sleep = 5ms)
    }
    cgroup fork {
        workers 1
        work fork_exit(count = 3)
    }

    expect {
        named.work_units > 0
        pp.work_units > 0
        pp.work_units < 300
        fan.work_units < 300
        chain.work_units < 300
        nsw.work_units < 150
        aff.work_units < 150
        pol.work_units < 150
        cg.work_units < 150
        mtx.work_units < 300
        fork.work_units > 0
    }
}
