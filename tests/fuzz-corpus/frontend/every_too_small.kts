scenario s {
    step 1/2 every 10us {
        wait 1us
    }
}
