# scx_central on CPU 0 and then on CPU 1 would need two kernel command
# lines (nohz_full=1, then nohz_full=0): refused before any VM boots.
scenario sched_kargs_conflict "two schedulers that need different kernel arguments" {
    duration 2s
    topology 1n1l2c1t
    scheduler scx_central "-c 0"

    cgroup a {
        work spin
    }

    step 1/2 {
        scheduler replace scx_central "-c 1"
    }
}
