scenario s {
    scheduler scx_qmap "-t 5"
    cgroup a { workers 4 work spin }
    expect {
        scheduler fails stall matching "runnable task stall"
    }
}
