scenario s {
    cgroup a { workers 1 work spin cpuset llc(0) }
    cgroup b { workers 1 work spin cpuset node(1) }
    cgroup c { workers 1 work spin cpuset range(0%, 50%) }
    cgroup d { workers 1 work spin cpuset range(0.5, 1) }
    cgroup e { workers 1 work spin cpuset disjoint(1 of 3) }
    cgroup f { workers 1 work spin cpuset overlap(0 of 2, 25%) }
}
