scenario s {
    cgroup a { workers 1 work spin }
    expect {
        a.max_gap <= basline(a.max_gap)
    }
}
