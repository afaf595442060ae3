# A short scenario for the gauntlet's end-to-end test: two spinners, no
# fairness or gap limits (TCG timing), a requirement one-cpu cannot meet.
scenario g_tiny "two spinners, checked only for progress" {
    requires cpus >= 2
    duration 1s
    settle 200ms
    gauntlet "one-cpu", "numa2-asym", llc2
    check max_gap = off
    check fairness_spread = off

    cgroup a {
        workers 2
        work spin
    }
}
