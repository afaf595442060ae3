# scx_ktsr stops dispatching after 200 dispatches (twice as many spinners as
# CPUs, so tasks go through its FIFO rather than straight to an idle CPU): tasks wait on the
# runnable lists until its 5 s watchdog ejects it; the monitor's runnable
# wait passes its limit (5 s / 3) before that.
scenario ktsr_stall "the monitor sees a scheduler that stopped dispatching" {
    duration 12s
    scheduler scx_ktsr "-d 200"
    cgroup a { workers 200% work spin }
}
