# ktsrun export end to end: .run files of cpuset_resize (under EEVDF and
# under scx_simple) copied into a VM with shell -i and run there with
# --exec, as on a real machine with sched_ext. Each must PASS (judged with
# the emulation thresholds: the "machine" is a TCG guest) and leave nothing
# behind, checked from the same shell: no cgroup, no process, no file in
# /tmp, sched_ext disabled, the dump trace event as it was. A scheduler
# that does not load says so in one line and points at --scheduler. A SIGTERM in
# the middle of the scx_simple run cleans up as well; a machine with a
# scheduler already loaded is refused; a bad export gives one line.
. tests/lib.sh
need_kernel

if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_simple'; then
	echo "  FAIL: scx_simple is not built; 'make check' builds the schedulers first"
	exit 1
fi
expect_exit 2 "$KTSRUN" export stdlib-scenarios/cpuset_resize.kts && expect_out "and -o FILE.run"
expect_exit 2 "$KTSRUN" export stdlib-scenarios/cpuset_resize.kts --scheduler scx_nonesuch -o "$T/x.run" &&
	expect_out "scx_nonesuch"
[ ! -e "$T/x.run" ] && pass "a failed export writes no file" || fail "a failed export left $T/x.run"
expect_exit 0 "$KTSRUN" export stdlib-scenarios/cpuset_resize.kts -o "$T/eevdf.run" &&
	expect_out "no scheduler: the scenario runs under the machine's default (EEVDF)"
expect_exit 0 "$KTSRUN" export stdlib-scenarios/cpuset_resize.kts --scheduler scx_simple -o "$T/simple.run" &&
	expect_out "with its loader and libraries"
# a scheduler the kernel refuses: as one built for another kernel would be
expect_exit 0 "$KTSRUN" export stdlib-scenarios/cpuset_resize.kts --scheduler scx_ktsr_bad -o "$T/bad.run"
[ -z "$(ls -A "$TMPDIR")" ] && pass "export left no temp directory" || fail "export left $(ls -A "$TMPDIR")"

# what a run may leave, listed: compared before and after each
cat > "$T/guest.sh" << 'EOF'
snap() {
	find /sys/fs/cgroup -type d | sort
	ls -A /tmp
	for p in /proc/[0-9]*; do
		e=$(readlink "$p/exe" 2> /dev/null) && [ "$e" != /bin/busybox ] && echo "process $e"
	done | sort
	echo "sched_ext $(cat /sys/kernel/sched_ext/state)"
	echo "dump event $(cat /sys/kernel/tracing/events/sched_ext/sched_ext_dump/enable)"
}
check() {
	snap > /root/after
	if cmp -s /root/before /root/after; then echo "$1: nothing left behind"; else
		echo "$1: LEFT BEHIND:"; diff /root/before /root/after; fi
}
snap > /root/before
/include/eevdf.run --emulation on --json /root/eevdf.json
echo "eevdf rc=$?"
check eevdf
/include/simple.run --emulation on --json /root/simple.json
echo "simple rc=$?"
check simple
/include/bad.run --emulation on
echo "bad rc=$?"
check bad
# the same bundle as if its scheduler came from another kernel's tree
mkdir /root/u
n=$(head -3 /include/bad.run | sed -n 's/.*payload from line \([0-9]*\).*/\1/p')
tail -n +"$n" /include/bad.run | tar -xzf - -C /root/u
sed "s|@ROOT@|/root/u|g" /root/u/sched.conf.in > /root/u/sched.conf
echo 6.1.0-elsewhere > /root/u/sched.kernel
/root/u/ld.so --library-path /root/u/lib /root/u/ktsrun local /root/u --emulation on > /dev/null
rm -rf /root/u
check other-kernel
/include/simple.run --emulation on &
p=$!
sleep 3
kill -TERM $p
wait $p
echo "term rc=$?"
check term
EOF
snapshot_leftovers
if expect_exit 0 "$KTSRUN" shell --topo 1n2l2c2t -i "$T/eevdf.run" -i "$T/simple.run" -i "$T/bad.run" --exec "$(cat "$T/guest.sh")"; then
	expect_out "^PASS *cpuset_resize (host, host, EEVDF"
	expect_out "^eevdf rc=0$"
	expect_out "^eevdf: nothing left behind$"
	expect_out "^PASS *cpuset_resize (host, host, scx_simple"
	expect_out "^simple rc=0$"
	expect_out "^simple: nothing left behind$"
	expect_out "the bundled scheduler did not load on this kernel (6.12.*); its log is below"
	expect_out "did not load on this kernel: it was built for 6.1.0-elsewhere, this is 6.12.*; build it for this kernel and export again with --scheduler PATH"
	expect_out "^other-kernel: nothing left behind$"
	expect_out "^bad rc=1$"
	expect_out "^bad: nothing left behind$"
	expect_out "^term rc=143$"
	expect_out "^term: nothing left behind$"
	expect_out "results in /root/simple.json"
fi
check_leftovers

snapshot_leftovers
if expect_exit 0 "$KTSRUN" shell --topo 1n2l2c2t --scheduler scx_simple -i "$T/eevdf.run" \
	--exec '/include/eevdf.run; echo "busy rc=$?"; cat /sys/kernel/sched_ext/root/ops'; then
	expect_out "another sched_ext scheduler is loaded (state enabled, ops simple): stop it first"
	expect_out "^busy rc=2$"
	expect_out "^simple$"
fi
check_leftovers
finish
