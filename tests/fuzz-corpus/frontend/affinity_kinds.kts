scenario s {
    cgroup a { workers 1 work spin affinity inherit }
    cgroup b { workers 1 work spin affinity same_node }
    cgroup c { workers 1 work spin affinity cross_llc }
    cgroup d { workers 1 work spin affinity random(2) }
    cgroup e { workers 1 work spin affinity "0,2" }
}
