scenario s {
    cgroup a { workers 2 work spin }
    cgroup b { workers 2 work spin }
    step 1/2 {
        cpuset a = llc(0)
        cpuset b = disjoint(1 of 2)
        affinity a = random(1)
        mems b = node(0)
        set a cpu.weight = 50
        set b cpu.max = 20ms per 100ms
        set a nice = -3
        set b memory.max = 1G
    }
    step 1/2 {
        clear_cpuset a
        swap_cpusets a b
    }
}
