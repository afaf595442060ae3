# A payload that is nowhere on the guest's search path: refused by check.
scenario payload_missing "a payload that does not exist" {
    cgroup a {
        workers 1
        work exec("ktsrun-no-such-payload", "-x")
    }
}
