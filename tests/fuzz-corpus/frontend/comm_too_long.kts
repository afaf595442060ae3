scenario s {
    cgroup a { workers 1 work spin comm "a_very_long_task_name" }
}
