# affinity_pinned: every worker pinned to one CPU; the other stays free.
scenario affinity_pinned "workers pinned to one CPU stay there" {
    requires cpus >= 2
    duration 3s
    settle 500ms
    tags "affinity"
    topology 1n2l1c1t

    cgroup pinned {
        workers 3
        work spin
        affinity "1"
    }

    expect {
        pinned.cpus_used == 1
        pinned.migrations == 0
    }
}
