scenario s {
    duration 10s
    step 2/3 {
        wait 1s
    }
    step 5s {
        wait 1s
    }
}
