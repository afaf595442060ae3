scenario s {
    cgroup outer {
        cpu.weight 50
        cgroup mid {
            cgroup leaf { workers 1 work spin }
        }
        cgroup other { workers 1 work yield }
    }
}
