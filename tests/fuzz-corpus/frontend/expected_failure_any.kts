scenario s {
    expect {
        scheduler fails
    }
}
