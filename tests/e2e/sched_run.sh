# `ktsrun run` under real sched_ext schedulers: scx_simple and scx_central
# pass steady and cpuset_apply; scx_qmap's stall knob fails the run as a
# watchdog stall within the scenario time plus a bounded margin; the
# scenario that expects that stall passes (and fails when it does not
# happen); every scheduler op works; no VM is left behind.
. tests/lib.sh
need_kernel
if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_central '; then
	echo "  SKIP: no schedulers built for the kernel; run 'ktsrun sched build' (make check does)"
	exit 77
fi
S=stdlib-scenarios

# run WANT MAX_SECONDS ARGS...: exit code, wall-time bound, leftovers
run() {
	want=$1 max=$2; shift 2
	snapshot_leftovers
	t0=$(date +%s)
	expect_exit "$want" "$KTSRUN" run "$@" || { check_leftovers; return 1; }
	t=$(($(date +%s) - t0))
	[ "$t" -le "$max" ] && pass "run $* took $t s (bound $max s)" || fail "run $* took $t s, more than $max s"
	check_leftovers
}

# steady (3.5 s) and cpuset_apply (3.5 s): boot, load and stop add about 4 s each
if run 0 60 --scheduler scx_simple $S/steady.kts $S/cpuset_apply.kts --json "$T/simple.json"; then
	expect_out "PASS          steady (.*, scx_simple, "
	expect_out "PASS          cpuset_apply (.*, scx_simple, "
	grep -q '"scheduler":"scx_simple"' "$T/simple.json" && grep -q '"kind":"pass"' "$T/simple.json" &&
		pass "the JSON names scx_simple and its pass" || fail "the JSON lacks scx_simple's result"
fi

# scx_central boots with nohz_full= on its other CPUs so that the kernel's
# enable kthread, and with it ops.init(), runs on the central CPU
if run 0 60 --scheduler scx_central $S/steady.kts $S/cpuset_apply.kts --json "$T/central.json"; then
	expect_out "PASS          steady (.*, scx_central, "
	expect_out "PASS          cpuset_apply (.*, scx_central, "
	expect_out "scx_central: booting with nohz_full=1: "
	[ "$(grep -o '"kernel_args":"nohz_full=1"' "$T/central.json" | wc -l)" = 2 ] &&
		grep -q '"kernel_args":""' "$T/simple.json" &&
		pass "the JSON records nohz_full=1 for scx_central and nothing for scx_simple" ||
		fail "the JSON's kernel_args are wrong"
fi
# ... and a scenario whose schedulers need two command lines never boots
if run 2 10 tests/e2e/run/sched_kargs_conflict.kts; then
	expect_out "needs the kernel argument nohz_full=0, another scheduler of this scenario needs nohz_full=1"
	grep -q "scx_central: booting with" "$T/out" && fail "a refused scenario still announced its kernel argument" ||
		pass "a refused scenario announces no kernel argument"
fi

# qmap -t 2 stalls every 2nd user thread; its watchdog (5 s) must end the run
# (--timeout bounds a run whose disable hangs; doc/schedulers.md, RCU's kthread starved)
if run 1 40 --timeout 90 --scheduler 'scx_qmap:-t 2' $S/steady.kts; then
	expect_out "FAIL          steady (.*, scx_qmap:-t 2, "
	expect_out "check scheduler: .*stall: watchdog: runnable task stall"
	expect_out "stalled task: "
	expect_out "sched_ext dump"
fi

# the scenario that expects qmap's stall passes because it happens
if run 0 45 --timeout 90 $S/qmap_stall.kts; then
	expect_out "PASS          qmap_stall (.*, scx_qmap:-t 5, "
fi
# ... and an expected failure that does not happen fails
if run 1 60 --scheduler scx_simple $S/qmap_stall.kts; then
	expect_out "the scheduler did not fail"
fi
# detach, attach, restart and replace in steps; replace really switches
if run 0 40 --verbose tests/e2e/run/sched_ops.kts; then
	expect_out "PASS          sched_ops (.*, scx_simple, "
	expect_out "check scheduler: .*pass: stayed enabled and exited cleanly"
	expect_out "knob /sys/kernel/sched_ext/root/ops = qmap"
fi
finish
