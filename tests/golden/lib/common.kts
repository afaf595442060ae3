# Pieces shared by golden tests (include_shared).
const STD_DURATION = 15s

template spinners {
    workers 2
    work spin
}
