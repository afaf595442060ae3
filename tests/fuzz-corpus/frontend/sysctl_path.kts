scenario s {
    step 1/2 {
        sysctl "kernel/sched_x" = 1
    }
}
