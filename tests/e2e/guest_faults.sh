# A guest that panics, hangs, sends garbage, floods or whose init exits gets a clear
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

# A guest that floods both serial ports with garbage for 20 s: an ERROR, the
# console capped at its head and tail (host/boot/boot_console.h: 64 + 256
# KiB, plus the marker line), ktsrun's peak RSS under 32 MiB and QEMU's
# under guest RAM + 256 MiB (the serial ports are socketpairs: the kernel
# holds at most a socket buffer of each; doc/channel.md).
snapshot_leftovers
export KTSRUN_BOOT_TIMES=1
expect_exit 2 "$KTSRUN" topo --topo tiny --fault flood && expect_out "corrupt result channel"
unset KTSRUN_BOOT_TIMES
field() { sed -n "s/^boot-times: .* $1=\([0-9]*\).*/\1/p" "$T/out" | tail -1; }
got=$(field console_bytes) kept=$(field console_kept) rss=$(field maxrss_kb) qrss=$(field child_maxrss_kb)
echo "  flood: console $got bytes, $kept kept; ktsrun peak RSS $rss KiB, QEMU $qrss KiB"
if [ -z "$got" ] || [ -z "$rss" ]; then
	fail "no boot-times line"
else
	[ "$got" -gt 393216 ] && pass "the guest printed more than the cap (${got} bytes)" ||
		fail "the guest printed only $got bytes in 20 s: the cap was not reached (a very loaded host?)"
	[ "$kept" -le $((327680 + 200)) ] && pass "console kept within 320 KiB + marker" || fail "console kept $kept bytes"
	[ "$rss" -lt 32768 ] && pass "ktsrun peak RSS $rss KiB < 32 MiB" || fail "ktsrun peak RSS $rss KiB"
	[ "$qrss" -lt $(((512 + 256) * 1024)) ] && pass "QEMU peak RSS $qrss KiB < guest RAM + 256 MiB" ||
		fail "QEMU peak RSS $qrss KiB"
fi
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
