# Pieces the standard scenarios share: include "lib/common.kts".
const STD_DURATION = 10s
const STD_SETTLE = 1s

# One spinner per CPU: the plainest CPU-bound load.
template spinners {
    workers 100%
    work spin
}

# Wakeup-heavy load: short bursts, short sleeps.
template wakers {
    workers 100%
    work bursty(burst = 500us, sleep = 500us)
}
