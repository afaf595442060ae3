# scx_qmap -p -t 5 takes only SCHED_EXT tasks (the spinners; PID 1 stays
# under EEVDF, so it answers the dump request whatever qmap does) and drops
# every fifth enqueue of a user task, which then waits on its runqueue's
# runnable list until sched_ext's watchdog ejects qmap. Run with
# --scx-watchdog 20 (qmap's own timeout is 5 s), the monitor must see the
# wait pass its limit well before the ejection.
scenario qmap_stall "the monitor sees scx_qmap's stall before the watchdog does" {
    duration 30s
    scheduler scx_qmap "-p -t 5"
    cgroup hogs { workers 200% work spin policy ext }
    expect {
        scheduler fails stall matching "runnable task stall"
    }
}
