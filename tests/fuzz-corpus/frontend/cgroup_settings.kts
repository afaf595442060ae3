scenario s {
    cgroup a {
        workers 4
        work spin
        cpuset "0-3,6"
        mems "0"
        affinity same_llc
        nice 5
        policy batch
        cpu.weight 200
        cpu.max 50ms per 100ms
        memory.max 512M
        memory.high 256M
        memory.low 64M
        pids.max 100
        comm "hog"
    }
}
