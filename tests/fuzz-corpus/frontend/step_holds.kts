scenario s {
    duration 10s
    cgroup a { workers 1 work spin }
    step 1/4 {
        snapshot "quarter"
    }
    step 25% {
        wait 100ms
    }
    step 2s every 500ms {
        sigstop a
        wait 50ms
        sigcont a
    }
}
