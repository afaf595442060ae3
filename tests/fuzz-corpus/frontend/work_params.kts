scenario s {
    cgroup a { workers 2 work mixed(burst = 2ms) }
    cgroup b { workers 1 work io_sync(size = 4K) }
    cgroup c { workers 4 work futex_fanout(fanout = 3, burst = 10us) }
    cgroup d { workers 3 work wake_chain(depth = 3) }
    cgroup e { workers 1 work mutex_contention(hold = 50us, sleep = 1ms) }
    cgroup f { workers 1 work fork_exit(count = 100) }
}
