scenario s {
    step 2 {
        wait 1s
    }
}
