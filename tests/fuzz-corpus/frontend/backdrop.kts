scenario s {
    backdrop {
        cgroup noise { workers 1 work cache_pressure(size = 8M, stride = 64B) }
    }
    cgroup a { workers 2 work spin }
}
