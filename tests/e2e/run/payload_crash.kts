# A payload that dies on a signal of its own: the run is an ERROR that names
# it, how it ended and its output's last lines (tests/e2e/payload.sh).
scenario payload_crash "a payload that crashes" {
    duration 2s
    topology 1n1l2c1t
    cgroup a {
        workers 1
        work exec("/bin/sh", "-c", "echo about to crash; kill -SEGV $$")
    }
}
