# Every scheduler op in steps: the run passes only if each one took effect
# cleanly (detach unregisters, attach and restart load again, replace loads
# the other scheduler) and the last one stopped cleanly at the end.
scenario sched_ops "scheduler detach, attach, restart and replace mid-run" {
    duration 8s
    settle 500ms
    topology 1n1l2c1t
    scheduler scx_simple

    cgroup a {
        workers 2
        work spin
    }

    step 1/4 {
        scheduler detach
    }
    step 1/4 {
        scheduler attach
    }
    step 1/4 {
        scheduler restart
    }
    step 1/4 {
        scheduler replace scx_qmap
        read "/sys/kernel/sched_ext/root/ops"
    }

    expect {
        a.work_units > 0
    }
}
