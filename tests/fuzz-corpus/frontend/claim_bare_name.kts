scenario s {
    expect {
        latency <= 5ms
    }
}
