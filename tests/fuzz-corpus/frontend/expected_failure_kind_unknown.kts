scenario s {
    expect {
        scheduler fails stalled matching "x"
    }
}
