# ktsrun compare and report on real runs of one scenario: two runs under
# EEVDF compare clean (exit 0); with cgroup a throttled through -D (cpu.max,
# which does not enter the variant name) compare names a's work units as a
# regression and exits 1; report prints the matrix. Three boots of about
# 7 s each under TCG.
. tests/lib.sh
if [ -z "$KTSRUN_KERNEL" ] && ! "$KTSRUN" kernel list 2>/dev/null | grep -q .; then
	echo "  SKIP: no kernel cached; run 'ktsrun kernel build' (make check does)"
	exit 77
fi
S=tests/e2e/run/compare_throttle.kts

expect_exit 0 "$KTSRUN" run "$S" --json "$T/a1.json" || finish
expect_exit 0 "$KTSRUN" run "$S" --json "$T/a2.json" || finish
expect_exit 0 "$KTSRUN" run "$S" -D a_quota=5ms --json "$T/throttled.json" || finish
grep -q '"schema_version":1' "$T/a1.json" && grep -q '"kernel":"[^"]' "$T/a1.json" &&
	pass "the result names its schema and kernel" || fail "the result lacks schema_version or kernel"

# two runs of the same thing: no regression under emulation's gates
expect_exit 0 "$KTSRUN" compare "$T/a1.json" "$T/a2.json" &&
	expect_out "0 regressions, .* 1 variant in both, 0 new, 0 missing"

if expect_exit 1 "$KTSRUN" compare "$T/a1.json" "$T/throttled.json" --json "$T/cmp.json"; then
	expect_out "^  a.work_units_share .* REGRESSION$"
	expect_out "^  a.cpu_time_share .* REGRESSION$"
	expect_out "1 variant in both, 0 new, 0 missing"
	expect_out "^  -D differs: A (none), B a_quota=5ms$"
	grep -q '^  b\.[a-z_]* .* REGRESSION' "$T/out" && fail "b, which got a's CPU time, is called a regression" ||
		pass "b's work units are not a regression"
	grep -q '"regressed":true' "$T/cmp.json" && pass "--json says regressed" || fail "--json lacks \"regressed\":true"
fi
# both EEVDF runs on side A: their spread is used, the throttle is still beyond it
expect_exit 1 "$KTSRUN" compare "$T/a1.json" "$T/a2.json" -- "$T/throttled.json" &&
	expect_out "^  a.work_units_share .* REGRESSION$"

expect_exit 0 "$KTSRUN" report "$T/a1.json" "$T/throttled.json" &&
	expect_out "^  compare_throttle  PASS$" && expect_out "every variant passed or was skipped"
finish
