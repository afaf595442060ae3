# Real sched_ext schedulers in the VM (ktsrun schedtest): a pass, a watchdog
# stall, an scx_bpf_error and a verifier rejection, each classified, each
# within its run time plus a bounded margin, and no VM left behind.
. tests/lib.sh
need_kernel
if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_ktsr_bad '; then
	echo "  SKIP: no schedulers built for the kernel; run 'ktsrun sched build' (make check does)"
	exit 77
fi

# run WANT MAX_SECONDS ARGS...: exit code, wall-time bound, leftovers
run() {
	want=$1 max=$2; shift 2
	snapshot_leftovers
	t0=$(date +%s)
	expect_exit "$want" "$KTSRUN" schedtest --topo tiny "$@" || return 1
	t=$(($(date +%s) - t0))
	[ "$t" -le "$max" ] && pass "$* took $t s (bound $max s)" || fail "$* took $t s, more than $max s"
	check_leftovers
}

# duration 5 s; TCG boot, load and stop take about 10 s more
if run 0 40 --scheduler scx_simple --duration 5; then
	expect_out "verdict: pass: stayed enabled and exited cleanly"
	expect_out "load: enabled as 'simple'"
fi
# qmap's -t: every 2nd user thread is never dispatched; its watchdog is 5 s
if run 0 60 --scheduler 'scx_qmap:-t 2' --duration 30 --expect-fail stall; then
	expect_out "verdict: stall: watchdog: runnable task stall"
	expect_out "stalled task: "
	expect_out "result: PASS (expected failure stall)"
fi
# qmap's -e N: scx_bpf_error() at the Nth enqueue
if run 0 60 --scheduler 'scx_qmap:-e 100' --duration 30 --expect-fail "error:test triggering error"; then
	expect_out "verdict: error: scx_bpf_error: "
	expect_out "sched_ext dump"
fi
# the verifier must reject scx_ktsr_bad; the excerpt names the unchecked lookup
if run 0 40 --scheduler scx_ktsr_bad --duration 5 --expect-fail load:map_value_or_null; then
	expect_out "verdict: load: load failed"
	expect_out "BPF program load failed"
fi
# an expected failure that does not happen fails the run
run 1 40 --scheduler scx_simple --duration 3 --expect-fail stall && expect_out "result: FAIL (expected failure stall)"
finish
