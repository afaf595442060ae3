scenario s {
    cgroup a { workers 1 work spin cpu.max 10ms per 100 }
}
