scenario s {
    requires llcs[step 1] > 2
}
