param count = 4
param dur = 10s
scenario s {
    duration dur
    cgroup a { workers count work spin }
}
