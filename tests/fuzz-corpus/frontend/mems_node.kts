scenario s {
    cgroup a { workers 1 work spin mems node(1) }
}
