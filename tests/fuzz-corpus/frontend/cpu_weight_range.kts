scenario s {
    cgroup a { workers 1 work spin cpu.weight 0 }
}
