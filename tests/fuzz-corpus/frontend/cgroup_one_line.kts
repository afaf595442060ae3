scenario s {
    cgroup a { workers 2 work yield }
}
