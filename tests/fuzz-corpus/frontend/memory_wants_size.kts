scenario s {
    cgroup a { workers 1 work spin memory.max 512 }
}
