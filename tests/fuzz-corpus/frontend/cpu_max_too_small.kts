scenario s {
    cgroup a { workers 1 work spin cpu.max 100us }
}
