scenario s {
    step 1/2 {
        wait 5
    }
}
