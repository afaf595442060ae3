param count = 4
param label = "fast"
scenario s {
    cgroup a { workers count work spin comm label }
}
