scenario s {
    cgroup a { workers 1 work spin cpuset range(0%, 150%) }
}
