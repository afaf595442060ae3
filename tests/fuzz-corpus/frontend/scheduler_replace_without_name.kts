scenario s {
    step 1/2 {
        scheduler replace
    }
}
