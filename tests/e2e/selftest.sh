# The kernel's sched_ext selftests in the VM (ktsrun selftest): the whole
# suite takes about a minute under TCG here, so it all runs. Every test the
# runner has must pass on our kernel (none skip or fail as of 6.12.117), the
# per-test lines must agree with the summary and the JSON, and a bad name is
# an error, not a pass.
. tests/lib.sh
need_kernel

snapshot_leftovers
if expect_exit 0 "$KTSRUN" selftest --json "$T/st.json"; then
	lines=$(grep -cE '^(pass|skip|fail) ' "$T/out")
	np=$(grep -c '^pass ' "$T/out"); ns=$(grep -c '^skip ' "$T/out"); nf=$(grep -c '^fail ' "$T/out")
	expect_out "$np passed, $ns skipped, $nf failed"
	[ "$lines" -ge 20 ] && pass "$lines tests reported" || fail "only $lines tests reported"
	for t in minimal create_dsq exit maximal select_cpu_dfl reload_loop; do
		grep -qE "^pass +$t " "$T/out" && pass "$t passed" || fail "$t did not pass"
	done
	jq -e --argjson n "$lines" --argjson p "$np" \
		'(.tests | length) == $n and .passed == $p and .outcome == "pass"' "$T/st.json" >/dev/null &&
		pass "JSON agrees with the lines" || fail "JSON disagrees: $(head -c 300 "$T/st.json")"
fi
check_leftovers

# two named tests: exactly those two results
if expect_exit 0 "$KTSRUN" selftest --test minimal --test prog_run; then
	expect_out "2 passed, 0 skipped, 0 failed"
	[ "$(grep -cE '^(pass|skip|fail) ' "$T/out")" = 2 ] && pass "two lines" || fail "not two result lines"
fi
# a name the runner does not have: an error naming it
expect_exit 2 "$KTSRUN" selftest --test no_such_test && expect_out "no selftest named 'no_such_test'"
expect_exit 2 "$KTSRUN" selftest --test 'bad name' && expect_out "--test 'bad name'"
finish
