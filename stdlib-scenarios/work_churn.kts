# work_churn: tasks that change themselves (fork, nice, affinity, policy, cgroup, lock).
scenario work_churn "self-changing work types: fork_exit, nice_sweep, affinity_churn, policy_churn, cgroup_churn, mutex_contention" {
    duration 2s
    settle 500ms
    tags "work", churn
    topology 1n2l1c1t

    cgroup f {
        workers 1
        work fork_exit
    }
    cgroup n {
        workers 1
        work nice_sweep
    }
    cgroup a {
        workers 1
        work affinity_churn
    }
    cgroup p {
        workers 1
        work policy_churn
    }
    cgroup g {
        workers 1
        work cgroup_churn
    }
    cgroup m {
        workers 2
        work mutex_contention
    }

    expect {
        f.work_units > 0
        n.work_units > 0
        a.work_units > 0
        p.work_units > 0
        g.work_units > 0
        m.work_units > 0
    }
}
