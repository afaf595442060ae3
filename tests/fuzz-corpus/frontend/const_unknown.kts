const WORKERS = 4
scenario s {
    cgroup a { workers WORKRES work spin }
}
