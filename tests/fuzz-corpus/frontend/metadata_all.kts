scenario meta "every metadata item" {
    duration 30s
    settle 2s
    watchdog 1m
    tags smoke, fairness
    topology 2n2l4c2t
    gauntlet smt, numa
    scheduler scx_simple "-v"
}
