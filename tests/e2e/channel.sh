# The host-to-guest channel (doc/channel.md) end to end under QEMU: pings on
# COM2 answered by the guest's PID 1 with the data they carried, a line typed
# on the guest's console (COM1) read back by the guest, the sched_ext debug
# dump taken on request while scx_simple runs spinners (schedtest: the
# scheduler's watch loop) and during a scenario's hold (run: the runtime's
# hold loop), and refused under EEVDF; nothing left behind.
. tests/lib.sh
need_kernel

line="typed by channel.sh $$"
snapshot_leftovers
if expect_exit 0 "$KTSRUN" chantest --pings 8 --line "$line"; then
	expect_out "pings: 8 of 8 answered, 0 wrong"
	expect_out "console: typed '$line', the guest read '$line'"
	expect_out "result: PASS"
fi
check_leftovers

# the console output still reaches the host through the same socket: the
# boot log, and the guest tty's echo of what was typed
snapshot_leftovers
expect_exit 0 "$KTSRUN" chantest --pings 1 --line "echo check" --console &&
	expect_out "^echo check" && expect_out "Run /init as init process"
check_leftovers

if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_simple'; then
	echo "  FAIL: scx_simple is not built; 'make check' builds the schedulers first"
	exit 1
fi
snapshot_leftovers
if expect_exit 0 "$KTSRUN" schedtest --scheduler scx_simple --duration 4 --dump-at 1; then
	expect_out "dump: asked 1\.[0-9][0-9] s after the sched_ext enable (SysRq-D), [0-9]* lines:"
	expect_out "  | Debug dump triggered by SysRq-D"
	expect_out "  | CPU 0 *: nr_run="
	expect_out "verdict: pass"
fi
check_leftovers

# A scenario's verdict is not what is tested here (steady's fairness under a
# loaded TCG host can fail): the run must finish (exit 0 or 1, not 2).
run_judged() {
	"$@" > "$T/out" 2>&1 &
	last_pid=$!
	wait $last_pid
	got=$?
	[ "$got" -le 1 ] && return 0
	fail "'$*' exited $got"; sed 's/^/    | /' "$T/out" | tail -30
	return 1
}

snapshot_leftovers
if run_judged "$KTSRUN" run stdlib-scenarios/steady.kts --scheduler scx_simple --dump-at 1; then
	expect_out "^[A-Z]*  *steady (1n2l1c1t, [a-z]*, scx_simple"
	expect_out "dump: asked 1\.[0-9][0-9] s after the start marker (SysRq-D), [0-9]* lines:"
	expect_out "  | Debug dump triggered by SysRq-D"
	expect_out "  | CPU 1 *: nr_run="
fi
check_leftovers

# under EEVDF there is nothing to dump: the guest says so
snapshot_leftovers
run_judged "$KTSRUN" run stdlib-scenarios/steady.kts --dump-at 0.5 &&
	expect_out "the guest could not take it: no sched_ext scheduler is enabled (state: disabled)"
check_leftovers
finish
