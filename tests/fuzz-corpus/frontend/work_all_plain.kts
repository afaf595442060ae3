scenario s {
    cgroup a { workers 1 work yield }
    cgroup b { workers 1 work idle_churn }
    cgroup c { workers 2 work futex_pingpong }
    cgroup d { workers 2 work cache_pipe }
    cgroup e { workers 1 work cache_yield }
    cgroup f { workers 1 work nice_sweep(interval = 10ms) }
    cgroup g { workers 1 work affinity_churn }
    cgroup h { workers 1 work policy_churn }
    cgroup i { workers 1 work cgroup_churn }
    cgroup j { workers 8 work thundering_herd(fanout = 7) }
    cgroup k { workers 1 work page_fault_churn(size = 64M) }
}
