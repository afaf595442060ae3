# The monitor during runs: a scenario claiming `monitor clean` passes under
# EEVDF and scx_simple on 1n2l2c2t and 2n4l2c2t with over 100 samples in the
# JSON; the monitor's view matches the guest's own (the scheduler state the
# guest reported, the workers it started, the _text it read, so the KASLR
# slide is learnt, not assumed); scx_ktsr's stop-dispatching knob
# fails the run through monitor.max_runnable_wait; --no-monitor makes the
# monitor's claims inconclusive, never a pass.
. tests/lib.sh
need_kernel || finish
S=tests/e2e/monitor

# check_json FILE SCHED: over 100 samples; every sample of the run window
# has the guest's scheduler state and at least the 4 spinners runnable.
check_json() {
	python3 - "$1" "$2" <<'PY' || fail "$1: $(cat "$T/py.err")"
import json, sys
r = json.load(open(sys.argv[1]))["results"][0]
m, sched = r["monitor"], sys.argv[2]
err = []
if m["state"] != "attached" or m["samples"] <= 100:
    err.append("state %s, %d samples" % (m["state"], m["samples"]))
# the slide came from the guest's own _text (/proc/kallsyms), 0 under nokaslr
if m["text_from"] != "guest" or m["kaslr_slide"] != 0:
    err.append("KASLR slide %s from %s" % (m["kaslr_slide"], m["text_from"]))
win, st = m["timeline"]["window"], m["timeline"]["scx_enable_state"]
run = [i for i, w in enumerate(win) if 1 <= w <= 2]
# the guest said enabled (scheduler_result pass); EEVDF: never enabled
want = 1 if sched != "EEVDF" else 3
if sched != "EEVDF" and (r["scheduler_result"] or {}).get("kind") != "pass":
    err.append("the guest did not report its scheduler passing")
bad = [i for i in run if st[i] != want]
if bad:
    err.append("scx state %s in %d run samples, want %d" % (st[bad[0]], len(bad), want))
# 4 spinners: the runqueues hold at least 4 tasks in most samples
nr = [sum(c["nr_running"][i] or 0 for c in m["cpus"]) for i in run]
low = [n for n in nr if n < 4]
if len(low) > len(run) // 10:
    err.append("fewer than 4 runnable in %d of %d samples" % (len(low), len(run)))
if sched != "EEVDF":
    off = [i for i in run if sum(c["scx_nr_running"][i] or 0 for c in m["cpus"]) < 4]
    if len(off) > len(run) // 10:
        err.append("sched_ext held fewer than 4 tasks in %d samples" % len(off))
if err:
    sys.stderr.write("; ".join(err))
    sys.exit(1)
PY
}

for topo in 1n2l2c2t 2n4l2c2t; do
	for sched in EEVDF scx_simple; do
		opt=""
		[ $sched = EEVDF ] || opt="--scheduler $sched"
		if expect_exit 0 nice "$KTSRUN" run $S/clean.kts --topo $topo $opt --json "$T/$topo-$sched.json"; then
			check_json "$T/$topo-$sched.json" $sched 2> "$T/py.err" &&
				pass "monitor clean under $sched on $topo, the monitor agrees with the guest"
		fi
	done
done

# as many vCPUs as host cores: with more, the correction for host descheduling
# rightly shrinks a wait to the CPU time the vCPU had (doc/monitor.md)
if expect_exit 1 nice "$KTSRUN" run $S/ktsr_stall.kts --topo 1n1l2c1t; then
	# either finding may be first: tasks pile up on a DSQ and wait on the
	# runnable list; which crosses its limit first depends on the host's load
	grep -Eq "FAIL  *check monitor.(max_runnable_wait|max_dsq_depth)" "$T/out" &&
		grep -Eq "monitor: first sustained violation: (max_runnable_wait|max_dsq_depth)" "$T/out" &&
		pass "a scheduler that stopped dispatching fails monitor.max_runnable_wait or max_dsq_depth" ||
		fail "no monitor failure: $(grep -i monitor "$T/out" | head -3)"
fi

if expect_exit 2 nice "$KTSRUN" run $S/clean.kts --no-monitor; then
	grep -q "INCONCLUSIVE claim monitor clean: -; the monitor was off (--no-monitor)" "$T/out" &&
		pass "--no-monitor: monitor claims are inconclusive" || fail "$(grep monitor "$T/out" | head -2)"
fi
expect_exit 2 "$KTSRUN" run $S/clean.kts --monitor-hz 0 &&
	grep -q -- "--monitor-hz" "$T/out" && pass "--monitor-hz 0 refused" || true
finish
