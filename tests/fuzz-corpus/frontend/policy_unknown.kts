scenario s {
    cgroup a { workers 1 work spin policy fifoo(3) }
}
