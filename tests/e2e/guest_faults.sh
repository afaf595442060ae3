# A guest that panics, hangs, sends garbage or whose init exits gets a clear
# error and exit 2, within the watchdog, and leaves nothing behind.
. tests/lib.sh
need_kernel

snapshot_leftovers
expect_exit 2 "$KTSRUN" topo --topo tiny --fault panic && expect_out "guest kernel panic: Kernel panic - not syncing: sysrq triggered crash"
expect_out "last 25 lines of the guest console"
check_leftovers

snapshot_leftovers
expect_exit 2 "$KTSRUN" topo --topo tiny --fault exit && expect_out "Attempted to kill init"
check_leftovers

snapshot_leftovers
expect_exit 2 "$KTSRUN" topo --topo tiny --fault garbage && expect_out "corrupt result channel"
check_leftovers

snapshot_leftovers
start=$(date +%s)
expect_exit 2 "$KTSRUN" topo --topo tiny --fault hang --timeout 10 && expect_out "no result from the guest within 10 s"
took=$(( $(date +%s) - start ))
[ "$took" -lt 60 ] && pass "watchdog fired (${took}s)" || fail "watchdog took ${took}s"
check_leftovers

# SIGINT and SIGTERM in the middle of a run: VM killed, exit 128+signal.
for sig in INT:2 TERM:15; do
	num=${sig#*:} sig=${sig%:*}
	snapshot_leftovers
	"$KTSRUN" topo --topo tiny --fault hang --timeout 300 > "$T/out" 2>&1 &
	pid=$!
	last_pid=$pid
	sleep 4
	pgrep -f "^qemu-system-x86_64 -name ktsrun-$pid[ ,]" > /dev/null && pass "its VM runs" || fail "no VM named ktsrun-$pid"
	kill -s $sig $pid
	wait $pid
	st=$?
	want=$((128 + num))
	[ "$st" = "$want" ] && pass "SIG$sig: exit $st" || fail "SIG$sig: exit $st, expected $want"
	expect_out "interrupted: stopped by signal"
	check_leftovers
done

# Bad input: one line, exit 2, no VM.
expect_exit 2 "$KTSRUN" topo --topo 3n4l && expect_out "4 LLCs cannot be split evenly over 3 nodes"
expect_exit 2 "$KTSRUN" topo --kernel /nonexistent/bzImage
expect_exit 2 "$KTSRUN" topo --accel warp && expect_out "expected auto, own, kvm or tcg"
finish
