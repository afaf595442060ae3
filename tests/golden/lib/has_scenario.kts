# Included by include_scenario: a scenario here is an error.
scenario inner {
}
