scenario s {
    check max_gap = 2s
    check fairness_spread = 50%
    check progress = off
    check cpuset_isolation = off
}
