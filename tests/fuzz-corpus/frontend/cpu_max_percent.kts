scenario s {
    cgroup a { workers 1 work spin cpu.max 25% }
    cgroup b { workers 1 work spin cpu.max 30% per 200ms }
}
