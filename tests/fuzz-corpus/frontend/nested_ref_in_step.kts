scenario s {
    cgroup outer {
        cgroup inner { workers 1 work spin }
    }
    cgroup other { workers 1 work spin }
    step 1/2 {
        move outer.inner to other
    }
}
