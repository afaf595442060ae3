scenario s {
    cgroup work { workers 1 work spin }
}
