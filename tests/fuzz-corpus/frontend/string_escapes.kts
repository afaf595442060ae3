scenario s "quote \" backslash \\ tab \t" {
    cgroup a { workers 1 work spin comm "w\"1" }
}
