# payload_rtapp: an rt-app periodic task beside CPU hogs. The task runs 2 ms
# every 10 ms (20% duty) on a timer of its own, first light for 150 periods,
# then 4 ms (40%); a hog per CPU competes with it, its cgroup's weight cut to a
# quarter in the second step (EEVDF gives the task more room then; scx_simple
# ignores weights). rt-app logs every period:
# its slack (time left before the next one) and wakeup latency after the
# timer are what the scheduler under test gives a periodic task. The
# description is inline; calibration and logs are pinned by ktsrun
# (doc/payloads.md). Run it under a sched_ext scheduler (--scheduler
# scx_simple) to compare with EEVDF.
scenario payload_rtapp "an rt-app periodic task beside CPU hogs, against the EEVDF baseline" {
    duration 5s
    settle 500ms
    tags payload, latency
    topology 1n1l2c1t
    check imbalance = 64

    cgroup hogs {
        workers 100%
        work spin
    }
    cgroup rt {
        workers 1
        work rtapp(`{
            "tasks": {
                "periodic": {
                    "phases": {
                        "light": { "loop": 150, "run": 2000, "timer": { "ref": "unique", "period": 10000 } },
                        "heavy": { "loop": -1, "run": 4000, "timer": { "ref": "unique", "period": 10000 } }
                    }
                }
            },
            "global": { "duration": 4 }
        }`)
    }

    step 1/2 {
        set hogs cpu.weight = 100
    }
    step 1/2 {
        set hogs cpu.weight = 25
    }

    expect {
        rt.rtapp.periods > 100
        rt.rtapp.c_duration between 2ms and 4ms
        rt.rtapp.wu_lat_p99 < 1s
        # TCG's noise is large: a regression is an order of magnitude, not a percent
        rt.rtapp.wu_lat_p99 <= 10 * baseline(rt.rtapp.wu_lat_p99) + 100ms
        rt.rtapp.overruns < rt.rtapp.periods
        # per step: the periods that began in it (rt-app runs 4 s from the start)
        rt.rtapp.periods[step 1] > 50
        rt.rtapp.periods[step 2] > 0
        # per phase: the rows of each phase, by their place in the task's round
        rt.rtapp.c_duration[phase 1] == 2ms
        rt.rtapp.c_duration[phase 2] == 4ms
    }
}
