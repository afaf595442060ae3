include "lib/has_scenario.kts"
scenario s {
}
