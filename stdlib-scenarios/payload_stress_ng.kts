# payload_stress_ng: stress-ng's scheduler stressors, as sched_ext's CI runs
# its schedulers under them: context switches through pipes, sched_yield,
# futex waits, affinity and policy changes, fork and exit, beside a CPU hog.
# Each needs only what the guest kernel has (no AF_INET, no POSIX mqueue:
# kconfig/); the metrics are stress-ng's bogo ops (--metrics-brief).
scenario payload_stress_ng "stress-ng's scheduler stressors, bogo ops against the EEVDF baseline" {
    duration 10s
    settle 500ms
    tags payload, stress
    topology 1n1l2c1t
    # the fork stressor makes and reaps children in bursts
    check imbalance = 64

    cgroup ng {
        workers 1
        work exec("stress-ng", "--cpu", "1", "--switch", "1", "--yield", "1", "--futex", "1",
                  "--affinity", "1", "--schedpolicy", "1", "--fork", "1", "-t", "6",
                  "--metrics-brief")
    }
    cgroup side {
        workers 1
        work spin
    }

    expect {
        ng.stress.bogo_ops > 0
        side.work_units > 0
        # a scheduler that starves a stressor class loses more than TCG's noise
        ng.stress.bogo_ops >= 0.1 * baseline(ng.stress.bogo_ops)
    }
}
