scenario s {
    cgroup alpha { workers 1 work spin }
    step 1/2 {
        freeze alhpa
    }
}
