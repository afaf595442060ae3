scenario s {
    cgroup a { workers 6 work futex_fanout(fanout = 3) }
}
