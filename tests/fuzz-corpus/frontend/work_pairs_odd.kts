scenario s {
    cgroup a { workers 3 work pipe_io }
}
