include "lib/nothere.kts"
scenario s {
}
