scenario empty {
}
