# nested_task_move: every task of one nested cgroup moves to a sibling.
scenario nested_task_move "tasks moved between nested cgroups keep running" {
    duration 3s
    settle 500ms
    tags "cgroup", nested
    topology 1n2l1c1t

    cgroup outer {
        cgroup src {
            workers 2
            work spin
        }
        cgroup dst {
            workers 1
            work spin
        }
    }

    step 1/2 {
    }
    step 1/2 {
        move outer.src to outer.dst
    }

    expect {
        outer.src.work_units[step 2] > 0
        outer.dst.work_units > 0
    }
}
