scenario s {
    cgroup a {
        wrokers 4
        work spin
    }
}
