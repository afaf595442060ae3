# compare_throttle: steady's two cgroups of spinners, with a cpu.max quota on
# a that -D a_quota=... can tighten; the default never throttles (the quota
# covers both CPUs).
param a_quota = 200ms

scenario compare_throttle "two cgroups of spinners; a's cpu.max quota is a param" {
    duration 3s
    settle 500ms
    topology 1n2l1c1t

    cgroup a {
        workers 100%
        work spin
        cpu.max a_quota per 100ms
    }
    cgroup b {
        workers 100%
        work spin
    }

    expect {
        a.work_units > 0
        b.work_units > 0
    }
}
