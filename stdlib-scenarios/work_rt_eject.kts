# work_rt_eject: work_rt_starvation under sched_ext, where it is a
# failure by design. Nothing gives the normal workers their CPU back from
# the FIFO spinner (the fair server serves only EEVDF's tasks, RT throttling
# needs CONFIG_RT_GROUP_SCHED), so sched_ext's watchdog sees them runnable
# and not run, and ejects the scheduler; the run passes only if it does.
# PID 1 keeps the other CPU throughout. scx_ktsr's watchdog is set to 2 s
# (ejected 2.0-3.0 s in, here under TCG); scx_simple's own is 30 s, so run
# it with --scheduler scx_simple -D length=40s (ejected at 30.7 s).
param length = 6s

scenario work_rt_eject "rt_starvation under sched_ext: the watchdog ejects the scheduler" {
    duration length
    settle 500ms
    watchdog 2m
    tags "work", sched_ext, expected_failure
    topology 1n1l2c1t
    scheduler scx_ktsr "-w 2000"

    cgroup r {
        workers 3
        work rt_starvation(count = 1)
    }

    expect {
        scheduler fails stall matching "runnable task stall"
    }
}
