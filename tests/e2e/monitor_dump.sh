# The monitor ahead of sched_ext's watchdog: scx_qmap's stall knob with the
# watchdog raised in guest memory (--scx-watchdog 20). The monitor must name
# the stalled task with max_runnable_wait past its limit at least 2 s before
# the watchdog ejects qmap, and the sched_ext dump it asked for at that
# moment must be in the failure output and the JSON. Two vCPUs on the two
# host cores: with more, the correction for host descheduling rightly
# shrinks the waits (doc/monitor.md).
. tests/lib.sh
need_kernel || finish
S=tests/e2e/monitor

snapshot_leftovers
if expect_exit 0 nice "$KTSRUN" run $S/qmap_stall.kts --topo 1n1l2c1t --scx-watchdog 20 --verbose \
	--json "$T/q.json"; then
	python3 - "$T/q.json" 2> "$T/py.err" <<'PY' && pass "qmap's stall: the monitor named the task ahead of the watchdog, with the dump" || fail "$(cat "$T/py.err")"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
m = r["monitor"]
v, w = m["violation"], m.get("scx_watchdog") or {}
err = []
if w.get("state") != "written" or w.get("to") != 20000:
    err.append("scx_watchdog_timeout not raised: %s" % w)
if not v or v["what"] != "max_runnable_wait" or v["value_ms"] <= v["limit_ms"] or v["pid"] <= 0 or not v["comm"]:
    err.append("no max_runnable_wait violation naming a task: %s" % v)
else:
    # the ejection: the first sample after the run started where sched_ext
    # no longer reads enabled (exit kind turns DONE within the disable work)
    tl = m["timeline"]
    out = [t for t, s in zip(tl["t_ms"], tl["scx_enable_state"]) if t > 0 and s is not None and s != 1]
    if not out:
        err.append("the watchdog never ejected qmap in the samples")
    elif out[0] - v["t_ms"] < 2000:
        err.append("violation at %.0f ms, ejection at %.0f ms: under 2 s ahead" % (v["t_ms"], out[0]))
    sr = r.get("scheduler_result") or {}
    if sr.get("kind") != "stall":
        err.append("the scheduler did not end in a stall: %s" % sr)
    d = v["dump"]
    if d["state"] != "ok" or "Debug dump triggered by SysRq-D" not in d.get("text", ""):
        err.append("no dump in the JSON: %s" % d["state"])
    elif abs(d["asked_ms"] - v["t_ms"]) > 100:
        err.append("dump asked at %.0f ms, the violation at %.0f ms" % (d["asked_ms"], v["t_ms"]))
    # the named task is one the dump shows runnable ("R init[41] -3400ms")
    elif "[%d]" % v["pid"] not in d["text"]:
        err.append("task %d is not in the dump" % v["pid"])
if err:
    sys.stderr.write("; ".join(err))
    sys.exit(1)
PY
	grep -q "monitor: first sustained violation: max_runnable_wait .* task [0-9]* (" "$T/out" &&
		grep -q "monitor: dump: asked .* (SysRq-D), [0-9]* lines:" "$T/out" &&
		pass "the failure output's monitor section has the violation and the dump" ||
		fail "monitor section: $(grep 'monitor:' "$T/out" | head -4)"
fi
check_leftovers
finish
