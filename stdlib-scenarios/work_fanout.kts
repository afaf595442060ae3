# work_fanout: fork-join rounds. A leader wakes three helpers with one futex
# wake, computes its own 500 us chunk, and sleeps until the last helper to
# finish its chunk wakes it. With four CPUs the helpers should land on the
# three idle ones; the leader's wake latencies are whole rounds, fan-out to
# join, and aux counts chunks stacked on the leader's CPU. Seen here under
# TCG: EEVDF 949-1777 rounds in 3.5 s, round p99 9.4-14.7 ms; scx_simple
# 507-1236 rounds, p99 15.7-92 ms. The claims judge the join, not the
# latency, so they hold under both; the rounds are the figure to compare.
scenario work_fanout "fan_out_compute: a leader and three helpers, rounds of 500 us chunks joined" {
    duration 3s
    settle 500ms
    tags "work", wakeup, latency
    topology 1n1l4c1t

    cgroup f {
        workers 4
        work fan_out_compute(fanout = 3, burst = 500us)
    }

    expect {
        f.work_units[worker 0] > 0
        f.p99_wake_latency[worker 0] is finite
        # every helper computed a chunk of every round the leader joined
        f.work_units[worker 1] >= f.work_units[worker 0]
        f.work_units[worker 3] >= f.work_units[worker 0]
    }
}
