scenario s {
    expect {
        monitor.stalls <= baseline(monitor.stalls)
    }
}
