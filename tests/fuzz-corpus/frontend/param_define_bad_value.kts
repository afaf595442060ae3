param count = 4
scenario s {
    cgroup a { workers count work spin }
}
