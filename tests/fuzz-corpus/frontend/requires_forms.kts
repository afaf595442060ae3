scenario s {
    requires llcs >= 2 and smt
    requires nodes == 1
    requires cpus / llcs >= 4
    requires memory >= 1G
}
