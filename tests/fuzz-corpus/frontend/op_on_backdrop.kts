scenario s {
    backdrop {
        cgroup noise { workers 1 work spin }
    }
    step 1/2 {
        freeze noise
    }
}
