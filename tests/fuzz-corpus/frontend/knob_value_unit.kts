scenario s {
    step 1/2 {
        sysctl kernel.x = 5ms
    }
}
