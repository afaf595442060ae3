scenario s {
    scheduler scx_simple
    step 1/4 {
        scheduler detach
    }
    step 1/4 {
        scheduler attach
    }
    step 1/4 {
        scheduler restart
    }
    step 1/4 {
        scheduler replace scx_qmap "-t 5"
    }
}
