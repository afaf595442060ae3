scenario monitor_clean "the monitor sees a steady load and nothing wrong" {
    duration 3s
    cgroup a { workers 4 work spin }
    step 1/2 { }
    step 1/2 { }
    expect {
        monitor clean
        monitor.samples > 100
        monitor.samples[step 2] > 10
        monitor.stalls == 0
    }
}
