scenario s {
    cgroup a { workers 1 work spin }
    step 1/2 {
        spawn 0 in a
    }
}
