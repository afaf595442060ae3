#!/bin/sh
# The real kernel through our kvm backend, in a nested VM (tests/nested/README.md):
# L1 is Debian's cloud kernel under QEMU TCG with SVM emulated; inside it
# ktsrun boots the cached 6.12 kernel with --accel own on three shapes
# (each field as declared, guest RAM mapped by the host), runs steady under
# EEVDF and under scx_simple, and the 16-vCPU tiny guest must pass.
# KVM_NESTED=quick: one shape and one run. Skips (77) only when no L1
# kernel package can be had (tools/nested_kernel.sh says why).
. tests/lib.sh
need_kernel
O=${O:-build}
key=$("$KTSRUN" kernel show ${KTSRUN_KERNEL:-} | sed -n 's/^key=//p')
own="--accel own --kernel $key --timeout 300"
if [ "${KVM_NESTED:-}" = quick ]; then
	shapes="1n2l2c2t"
	runs="eevdf"
else
	shapes="1n1l2c1t 1n2l2c2t 2n2l2c1t"
	runs="eevdf scx_simple"
fi
: > "$T/cmds"
for s in $shapes; do echo "ktsrun topo --topo $s $own" >> "$T/cmds"; done
# L2's vCPUs run on TCG's emulation of SVM, 2 L1 vCPUs that are threads of
# a shared host: emulation's thresholds, not hardware's (doc/verdicts.md)
for r in $runs; do
	case $r in
	eevdf) echo "ktsrun run /ktsrun/steady.kts $own --emulation on" >> "$T/cmds" ;;
	*) echo "ktsrun run /ktsrun/steady.kts $own --emulation on --scheduler $r" >> "$T/cmds" ;;
	esac
done
[ "${KVM_NESTED:-}" = quick ] || echo "kvm-tg --topo 2n4l2c2t --quiet" >> "$T/cmds"
start=$(date +%s)
# The bed takes 30 s on a quiet machine and a few minutes on a loaded one;
# L1 (TCG emulating SVM) has been seen to hang once, after several L2 VMs,
# in the probe: a hang costs 10 minutes, not l1.sh's default 25.
L1_TIMEOUT=${L1_TIMEOUT:-600} tests/nested/l1.sh "$T/cmds" "$T/l1" > "$T/l1.log" 2>&1
st=$?
sed 's/^/    | /' "$T/l1.log" | grep -v '^    |   [0-9]  *[0-9]|' | tail -n 80
[ $st -eq 77 ] && { echo "kvm_nested: skipped: no L1 kernel package (see above)"; exit 77; }
[ $st -eq 0 ] || { fail "L1 did not run its commands"; finish; }
grep -q "module .* failed" "$T/l1.log" && fail "a KVM module did not load in L1"
n=0
while read -r cmd; do
	n=$((n + 1))
	rc=$(cat "$T/l1/rc.$n" 2>/dev/null || echo none) ms=$(cat "$T/l1/ms.$n" 2>/dev/null)
	case $cmd in
	"ktsrun topo "*)
		s=$(echo "$cmd" | sed 's/.*--topo \([^ ]*\).*/\1/')
		if [ "$rc" = 0 ] && grep -q "the guest sees exactly the declared topology" "$T/l1/out.$n" &&
			grep -q "guest RAM mapped by the host: verified" "$T/l1/out.$n"; then
			pass "$s in L1 as declared, guest RAM verified ($(grep -o 'first result byte after [0-9.]* s' "$T/l1/out.$n"); ${ms} ms in all)"
		else
			fail "$s in L1: exit $rc, topology or memory view not as declared"
		fi ;;
	"ktsrun run "*)
		[ "$rc" = 0 ] && pass "steady passes in L1 $(echo "$cmd" | grep -o -- '--scheduler [^ ]*' || echo under EEVDF) (${ms} ms)" ||
			fail "steady in L1 ($cmd): exit $rc" ;;
	"kvm-tg --topo "*)
		[ "$rc" = 0 ] && pass "tiny guest 2n4l2c2t in L1" || fail "tiny guest 2n4l2c2t in L1: exit $rc" ;;
	esac
done < "$T/cmds"
# The probe (informational: what this nested KVM can run, doc/vmm.md) in an
# L1 of its own, so a hang of it is told apart from the bed's results.
echo "kvm-tg --probe" > "$T/cmds.probe"
if [ $st -eq 0 ] && L1_TIMEOUT=${L1_TIMEOUT_PROBE:-180} tests/nested/l1.sh "$T/cmds.probe" "$T/l1p" > "$T/l1p.log" 2>&1 &&
	grep -q "^kvm probe: " "$T/l1p/out.1"; then
	pass "probe in L1: $(cat "$T/l1p/out.1")"
elif [ $st -eq 0 ]; then
	fail "probe in L1 gave no answer"
	sed 's/^/    | /' "$T/l1p.log" | tail -n 20
fi
echo "  kvm_nested: $(($(date +%s) - start)) s wall (load $(cut -d' ' -f1-3 /proc/loadavg))"
finish
