# leading comment
scenario s "semicolons and comments" { # after the brace
    duration 5s; settle 1s   # trailing
    # own line

    watchdog 20s
}
# at the end
