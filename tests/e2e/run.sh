# ktsrun run end to end under the default scheduler: every stdlib scenario
# in one call (pass or skip, with a JSON file that parses), an impossible
# claim, work parameters and comm, a SIGSTOPped worker reported as starved, a guest panicking
# mid-scenario, a compiled .ktsb, and bad inputs.
. tests/lib.sh
need_kernel
E=tests/e2e/run

snapshot_leftovers
if expect_exit 0 "$KTSRUN" run stdlib-scenarios/ --json "$T/std.json"; then
	n=$(ls stdlib-scenarios/*.kts | wc -l)
	expect_out "$n scenarios: "
	bad=$(grep -E '^(FAIL|ERROR|INCONCLUSIVE) ' "$T/out")
	[ -z "$bad" ] && pass "no stdlib scenario failed" || fail "stdlib: $bad"
	[ "$(jq -r .verdict "$T/std.json")" = PASS ] && pass "json verdict PASS" || fail "json verdict: $(jq -r .verdict "$T/std.json")"
	[ "$(jq '.results | length' "$T/std.json")" = "$n" ] && pass "json has $n results" || fail "json results"
	[ "$(jq -r '.results[] | select(.scenario == "steady") | .items[] | select(.kind == "claim") | .outcome' "$T/std.json" | sort -u)" = PASS ] \
		&& pass "steady's claims pass in the json" || fail "steady's claims in the json"
	jq -e '.results[] | select(.scenario == "steady") | .cgroups[0].work_units > 0' "$T/std.json" > /dev/null \
		&& pass "json carries cgroup metrics" || fail "json cgroup metrics"
fi
check_leftovers

# comm and the language's work parameters reach the guest runtime and pace the work
expect_exit 0 "$KTSRUN" run "$E/params.kts" && expect_out "^PASS          params"

if expect_exit 1 "$KTSRUN" run "$E/impossible.kts" --json "$T/imp.json"; then
	expect_out "^FAIL          impossible"
	expect_out "FAIL         claim a.work_units > 1e15: [0-9]"
	[ "$(jq -r '.results[0].items[] | select(.name == "a.work_units > 0") | .outcome' "$T/imp.json")" = PASS ] \
		&& pass "the possible claim passes" || fail "json: the possible claim"
	[ "$(jq -r '.results[0].items[] | select(.name == "a.work_units > 1e15") | .outcome' "$T/imp.json")" = FAIL ] \
		&& pass "json names the failed claim" || fail "json: failed claim"
fi

# what compile wrote runs as its source does (verified on the host and again in the guest)
"$KTSRUN" compile -o "$T/imp.ktsb" "$E/impossible.kts" || fail "compile impossible.kts"
if expect_exit 1 "$KTSRUN" run "$T/imp.ktsb"; then
	expect_out "^FAIL          impossible"
	expect_out "FAIL         claim a.work_units > 1e15: [0-9]"
fi

if expect_exit 1 "$KTSRUN" run "$E/sigstop.kts"; then
	expect_out "FAIL         check max_gap: .*worker 1 (b, spin) did not run for"
	expect_out "starved"
	expect_out "timeline: start@0.00s step 1@"
fi

snapshot_leftovers
if expect_exit 2 "$KTSRUN" run "$E/impossible.kts" --fault panic_step; then
	expect_out "^ERROR         impossible"
	expect_out "sysrq triggered crash"
	expect_out "last 20 lines of the guest console"
fi
check_leftovers

printf 'scenario broken {\n    cgroup a { wrokers 1 }\n}\n' > "$T/broken.kts"
expect_exit 2 "$KTSRUN" run "$T/broken.kts" && expect_out "does not compile"
expect_exit 2 "$KTSRUN" run "$T/missing.kts" && expect_out "no such file"
expect_exit 2 "$KTSRUN" run "$E/impossible.kts" --kernel /nonexistent/bzImage
expect_exit 2 "$KTSRUN" run "$E/impossible.kts" --emulation maybe && expect_out "expected auto, on or off"
expect_exit 0 "$KTSRUN" list stdlib-scenarios && expect_out "cpuset_resize .*cpusets shrink, grow and swap under load"
finish
