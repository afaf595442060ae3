template hogs {
    workers 4
    work spin
}
scenario s {
    cgroup a from hgos
}
