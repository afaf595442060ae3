# nested_steady: two levels of cgroups with weights.
scenario nested_steady "nested cgroups with weights all make progress" {
    duration 3s
    settle 500ms
    tags "cgroup", nested
    topology 1n2l1c1t

    cgroup outer {
        cpu.weight 200
        cgroup x {
            workers 2
            work spin
        }
        cgroup y {
            workers 2
            work spin
        }
    }
    cgroup other {
        workers 2
        work spin
    }

    expect {
        outer.workers == 4
        outer.x.work_units > 0
        outer.y.work_units > 0
        other.work_units > 0
    }
}
