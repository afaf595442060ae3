scenario s {
    step 1/1 {
        sysctl kernel.sched_rr_timeslice_ms = 100
        sysctl "kernel.sched_autogroup_enabled" = 0
        write "/sys/kernel/debug/sched/migration_cost_ns" = "500000"
        read "/proc/sys/kernel/sched_rt_runtime_us"
    }
}
