# work exec payloads in real VMs (doc/payloads.md): hackbench and
# cyclictest in two cgroups under scx_simple pass their metric claims and
# their baseline() claims against EEVDF, and the JSON carries the payloads'
# metrics for both runs; a payload that resolves nowhere is refused by
# check before any VM; one that crashes is an ERROR with its output's tail.
. tests/lib.sh
need_kernel
if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_simple '; then
	echo "  SKIP: no schedulers built for the kernel; run 'ktsrun sched build' (make check does)"
	exit 77
fi
for p in hackbench cyclictest; do
	command -v "$p" >/dev/null || { echo "  SKIP: $p is not installed (make deps: rt-tests)"; exit 77; }
done
R=tests/e2e/run

# refused before any VM: no QEMU may start
snapshot_leftovers
if expect_exit 1 "$KTSRUN" check $R/payload_missing.kts; then
	expect_out "payload ktsrun-no-such-payload: not found on /usr/local/sbin:"
fi
if expect_exit 2 "$KTSRUN" run $R/payload_missing.kts; then
	expect_out "payload ktsrun-no-such-payload: not found"
	grep -q "booting" "$T/out" && fail "a missing payload still booted a VM" || pass "no VM booted for a missing payload"
fi
check_leftovers

snapshot_leftovers
if expect_exit 2 "$KTSRUN" run $R/payload_crash.kts; then
	expect_out "ERROR         payload_crash "
	expect_out "payload /bin/sh (worker 0, a) killed by signal 11 (Segmentation fault)"
	expect_out "output ends: about to crash"
fi
check_leftovers

snapshot_leftovers
t0=$(date +%s)
if expect_exit 0 "$KTSRUN" run --scheduler scx_simple stdlib-scenarios/payload_hb_ct.kts --json "$T/p.json" -v; then
	expect_out "PASS          payload_hb_ct (.*, scx_simple, "
	expect_out "PASS         claim load.hb.time <= 5 \* baseline(load.hb.time) + 1s"
	expect_out "PASS         claim lat.ct.max_latency <= 10 \* baseline(lat.ct.max_latency) + 100ms"
	expect_out "check payload hackbench (worker 0, load): .*exited 0"
	python3 - "$T/p.json" <<'PY' && pass "the JSON carries both runs' payload metrics" || fail "payload metrics missing in the JSON"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
for k in ("payloads", "baseline_payloads"):
    m = {p["program"]: p["metrics"] for p in r[k]}
    assert m["hackbench"]["hb.time"] > 0, (k, m)
    assert m["cyclictest"]["ct.max_latency"] > 0 and m["cyclictest"]["ct.cycles"] > 100, (k, m)
PY
fi
pass "payload_hb_ct under scx_simple and its baseline took $(($(date +%s) - t0)) s"
check_leftovers
finish
