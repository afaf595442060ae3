# work rtapp in real VMs (doc/payloads.md): the stdlib's rt-app scenario
# under scx_simple passes its claims and its baseline() claim against EEVDF;
# the JSON carries rt-app's metrics for both runs, per window and per phase,
# the phases' periods adding up to the run's; an rt-app that exits non-zero
# is an ERROR with its status and output tail.
. tests/lib.sh
need_kernel
if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_simple '; then
	echo "  SKIP: no schedulers built for the kernel; run 'ktsrun sched build' (make check does)"
	exit 77
fi
command -v rt-app >/dev/null || { echo "  SKIP: rt-app is not installed (make deps: rt-app)"; exit 77; }

snapshot_leftovers
if expect_exit 2 "$KTSRUN" run tests/e2e/run/rtapp_bad_cpu.kts; then
	expect_out "ERROR         rtapp_bad_cpu "
	expect_out "payload rt-app (worker 0, rt) exited [1-9]"
	expect_out "output ends: .*Invalid cpu 99"
fi
check_leftovers

snapshot_leftovers
t0=$(date +%s)
if expect_exit 0 "$KTSRUN" run --scheduler scx_simple stdlib-scenarios/payload_rtapp.kts --json "$T/r.json" -v; then
	expect_out "PASS          payload_rtapp (.*, scx_simple, "
	expect_out "PASS         claim rt.rtapp.wu_lat_p99 <= 10 \* baseline(rt.rtapp.wu_lat_p99) + 100ms"
	expect_out "PASS         claim rt.rtapp.periods\[step 1\] > 50: "
	expect_out "PASS         claim rt.rtapp.c_duration\[phase 2\] == 4ms: 4.00ms"
	expect_out "check payload rt-app (worker [0-9]*, rt): .*exited 0"
	python3 - "$T/r.json" <<'PY' && pass "the JSON carries rt-app's metrics per run, window and phase" || fail "rt-app metrics missing in the JSON"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
for k in ("payloads", "baseline_payloads"):
    (p,) = [p for p in r[k] if p["program"] == "rt-app"]
    m = p["metrics"]
    assert m["rtapp.periods"] > 100 and m["rtapp.c_duration"] >= 2e6, (k, m)
    for name in ("rtapp.slack_min", "rtapp.slack_mean", "rtapp.wu_lat_p99", "rtapp.wu_lat_max", "rtapp.overruns",
                 "rtapp.run_mean", "rtapp.period_mean"):
        assert name in m, (k, name)
    ph = {x["name"]: x["metrics"]["rtapp.periods"] for x in p["rtapp"]["phases"]}
    # the light phase is 150 periods; the heavy one follows only after all of them
    assert sum(ph.values()) == m["rtapp.periods"] and ph["light"] <= 150, (k, ph)
    assert ph["heavy"] == 0 or ph["light"] == 150, (k, ph)
    assert p["rtapp"]["phases"][1]["metrics"].get("rtapp.c_duration", 4e6) == 4e6, (k, p["rtapp"]["phases"])
    w = [x["metrics"]["rtapp.periods"] for x in p["rtapp"]["windows"]]
    assert len(w) == 3 and sum(w) <= m["rtapp.periods"], (k, w)
PY
fi
pass "payload_rtapp under scx_simple and its baseline took $(($(date +%s) - t0)) s"
check_leftovers
finish
