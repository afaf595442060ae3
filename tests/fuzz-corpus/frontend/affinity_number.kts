scenario s {
    cgroup a { workers 1 work spin affinity 3 }
}
