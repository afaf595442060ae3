scenario s {
    step 1/2 {
        write "/etc/passwd" = "x"
    }
}
