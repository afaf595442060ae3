# qmap_stall: an expected failure. scx_qmap with -t stalls a task on
# purpose; sched_ext's watchdog must eject it, and the run passes only if
# that happens.
scenario qmap_stall "scx_qmap's stall knob is caught by the sched_ext watchdog" {
    duration 15s
    watchdog 60s
    tags sched_ext, expected_failure
    scheduler scx_qmap "-t 5"

    cgroup hogs {
        workers 100%
        work spin
    }

    expect {
        scheduler fails stall matching "runnable task stall"
    }
}
