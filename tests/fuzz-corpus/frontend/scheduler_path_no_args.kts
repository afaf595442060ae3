scenario s {
    scheduler "/opt/scx/scx_rusty"
}
