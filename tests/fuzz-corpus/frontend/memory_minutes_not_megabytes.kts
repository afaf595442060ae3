scenario s {
    cgroup a { workers 1 work spin memory.high 512m }
}
