scenario s {
    step 1/2 {
        scheduler detach scx_simple
    }
}
