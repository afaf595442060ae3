# A claim no run can meet: the verdict must fail naming it and its value.
scenario impossible "a claim no run can meet" {
    duration 1s
    settle 200ms
    topology 1n2l1c1t

    cgroup a {
        workers 1
        work spin
    }

    expect {
        a.work_units > 0
        a.work_units > 1e15
    }
}
