scenario s {
    cgroup a { workers 1 work spin }
    step 1/2 every 100ms {
        remove a
    }
}
