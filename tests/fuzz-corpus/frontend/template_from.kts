template hogs {
    workers 4
    work spin
    nice 5
}
scenario s {
    cgroup a from hogs
    cgroup b from hogs { nice -5 }
}
