scenario s {
    cgroup a { workers 3 }
}
