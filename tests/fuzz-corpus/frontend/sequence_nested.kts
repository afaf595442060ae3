scenario s {
    cgroup a { workers 1 work sequence(sequence(spin for 1ms) for 2ms) }
}
