include "lib/common.kts"
scenario s {
    duration STD_DURATION
    cgroup a from spinners
}
