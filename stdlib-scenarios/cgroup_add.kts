# cgroup_add: a cgroup appears mid-run and must get its share at once.
scenario cgroup_add "a cgroup added mid-run gets CPU time" {
    duration 3s
    settle 500ms
    tags "cgroup"
    topology 1n2l1c1t

    cgroup base {
        workers 100%
        work spin
    }

    step 1/2 {
    }
    step 1/2 {
        add cgroup late {
            workers 100%
            work spin
        }
    }

    expect {
        late.work_units > 0
        late.cpu_time[step 2] > 0.1 * base.cpu_time[step 2]
    }
}
