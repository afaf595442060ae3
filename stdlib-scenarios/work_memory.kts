# work_memory: caches, page faults and disk-like I/O.
scenario work_memory "memory and I/O work types: cache_pressure, cache_yield, cache_pipe, page_fault_churn, io_sync" {
    duration 2s
    settle 500ms
    tags "work", memory
    topology 1n2l1c1t

    cgroup c {
        workers 1
        work cache_pressure(size = 1M, stride = 64B)
    }
    cgroup y {
        workers 1
        work cache_yield(size = 256K)
    }
    cgroup p {
        workers 2
        work cache_pipe(size = 64K)
    }
    cgroup f {
        workers 1
        work page_fault_churn(size = 256K)
    }
    cgroup i {
        workers 1
        work io_sync(size = 4K)
    }

    expect {
        c.work_units > 0
        y.work_units > 0
        p.work_units > 0
        f.work_units > 0
        i.work_units > 0
    }
}
