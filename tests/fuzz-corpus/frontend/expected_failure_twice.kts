scenario s {
    expect {
        scheduler fails error
        scheduler fails load
    }
}
