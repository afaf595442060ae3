scenario s {
    cgroup box
}
