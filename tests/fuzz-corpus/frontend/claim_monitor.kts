scenario s {
    expect {
        monitor clean
        monitor.stalls == 0
        monitor.max_runnable_wait <= 50ms
        monitor.max_rq_len <= 8
    }
}
