# Auto-repro (ktsrun run): scx_qmap -e and scx_ktsr -e fail with
# scx_bpf_error; a second VM with ktsr_probe must name the enqueue callback
# (with its file:line), the kernel function that raised the error and the
# failing task with its decoded fields; the JSON has it; --no-repro has none.
# Nothing left behind. 65-72 s under TCG at load 20-28.
. tests/lib.sh
need_kernel
if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_ktsr '; then
	echo "  SKIP: no schedulers built for the kernel; run 'ktsrun sched build' (make check does)"
	exit 77
fi
S=stdlib-scenarios/steady.kts

# check_repro CALLBACK FILE: the section, the callback's block with the failing task
check_repro() {
	expect_out "^=== AUTO-REPRO ===$"
	expect_out "^=== END AUTO-REPRO ===$"
	expect_out "ktsr_probe: exit kind SCX_EXIT_ERROR_BPF"
	expect_out "^  $1 (struct_ops sched_ext_ops.enqueue, $2:[0-9]*)$"
	expect_out "^  scx_bpf_error_bstr (kernel function, kernel/sched/ext.c:[0-9]*)$"
	pid=$(sed -n 's/.*; failing task pid \([0-9]*\);.*/\1/p' "$T/out")
	[ -n "$pid" ] && [ "$pid" -gt 0 ] && pass "failing task pid $pid" || fail "no failing task pid"
	# the callback's block: its task argument is the failing task, with >= 3 decoded fields
	sed -n "/^  $1 (/,/^  [a-z_]* (/p" "$T/out" > "$T/block"
	grep -q "^      p          pid=$pid comm=[^ ]* cpus=[0-9,-]* dsq=[^ ]* scx.flags=0x[0-9a-f]* weight=[0-9]*$" "$T/block" &&
		pass "$1: task p is pid $pid with comm, cpus, dsq, scx.flags and weight" ||
		fail "$1: no decoded task pid $pid: $(cat "$T/block")"
	grep -q "^      enq_flags  0x" "$T/block" && pass "$1: enq_flags decoded" || fail "$1: no enq_flags"
	grep -q "^      entry      cpu=[0-9]* current pid=" "$T/block" && pass "$1: the current task beside it" ||
		fail "$1: no current task"
}

snapshot_leftovers
if expect_exit 1 "$KTSRUN" run "$S" --scheduler 'scx_qmap:-e 100' --json "$T/r.json"; then
	expect_out "error: scx_bpf_error: test triggering error"
	check_repro qmap_enqueue scx_qmap.bpf.c
	# seen in 5 of 5 runs: do_enqueue_task moves the task onto a DSQ, or put_prev_task_scx its flags
	grep -q "^      changed    [a-z>-]*[.a-z_]* .* -> " "$T/out" && pass "a field shown changing across a call" ||
		fail "no field shown as changing"
	grep -q '"auto_repro": *{' "$T/r.json" && grep -q '"result": *"reproduced"' "$T/r.json" &&
		pass "the JSON result has auto_repro, reproduced" || fail "no auto_repro in the JSON"
	first=$(sed -n 's/^FAIL .*, \([0-9.]*\) s)$/\1/p' "$T/out")
	second=$(sed -n 's/^  a second VM: .*, \([0-9.]*\) s; probed: .*/\1/p' "$T/out")
	echo "  note: first run $first s, the second VM $second s (bench/repro gives the ratio)"
fi
check_leftovers

if expect_exit 1 "$KTSRUN" run "$S" --scheduler 'scx_ktsr:-e 300'; then
	expect_out "error: scx_bpf_error: ktsr: injected error after 300 enqueues"
	check_repro ktsr_enqueue scx_ktsr.bpf.c
fi

if expect_exit 1 "$KTSRUN" run "$S" --scheduler 'scx_qmap:-e 100' --no-repro; then
	grep -q 'AUTO-REPRO' "$T/out" && fail "--no-repro still ran the auto-repro" || pass "--no-repro: no second VM"
fi
finish
