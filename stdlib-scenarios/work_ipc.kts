# work_ipc: pipes and futexes between workers.
scenario work_ipc "pipes and futexes: pipe_io, futex_pingpong, futex_fanout, wake_chain, thundering_herd" {
    duration 2s
    settle 500ms
    tags "work", wakeup
    topology 1n2l1c1t

    cgroup p {
        workers 2
        work pipe_io(size = 64B)
    }
    cgroup f {
        workers 2
        work futex_pingpong
    }
    cgroup o {
        workers 4
        work futex_fanout(fanout = 3)
    }
    cgroup w {
        workers 3
        work wake_chain(depth = 3)
    }
    cgroup h {
        workers 4
        work thundering_herd(fanout = 3, interval = 1ms)
    }

    expect {
        p.work_units > 0
        f.work_units > 0
        o.work_units > 0
        w.work_units > 0
        h.work_units > 0
    }
}
