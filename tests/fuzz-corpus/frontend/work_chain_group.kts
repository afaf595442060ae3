scenario s {
    cgroup a { workers 4 work wake_chain(depth = 3) }
}
