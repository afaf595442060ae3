scenario s {
    cgroup a { workers 1 work spin cpuset range(75%, 25%) }
}
