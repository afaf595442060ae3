scenario s {
    scheduler scx_simple
    scheduler scx_qmap
}
