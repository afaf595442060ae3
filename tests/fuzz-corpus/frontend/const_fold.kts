const WORKERS = 2 * 3
const BURST = 1ms + 500us
const SHARE = 50%
const HALF = 10s * SHARE
scenario s {
    duration HALF * 2
    cgroup a { workers WORKERS work bursty(burst = BURST, sleep = BURST / 2) }
    step SHARE {
        wait BURST * 4
    }
}
