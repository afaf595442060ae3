scenario s {
    cgroup a { workers 1 work spin policy fifo(10) }
    cgroup b { workers 1 work spin policy rr(99) }
    cgroup c { workers 1 work spin policy idle }
    cgroup d { workers 1 work spin policy normal }
}
