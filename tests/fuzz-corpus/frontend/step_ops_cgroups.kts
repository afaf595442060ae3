scenario s {
    cgroup a { workers 2 work spin }
    cgroup b { workers 2 work yield }
    step 1/2 {
        add cgroup c { workers 1 work spin cpuset llc(0) }
        spawn 2 in a
        stop 1 in b
        move b to a
        freeze c
    }
    step 1/2 {
        unfreeze c
        stop c
        remove c
    }
}
