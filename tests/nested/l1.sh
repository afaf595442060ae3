#!/bin/sh
# Boot the nested test bed's L1 and run commands in it (tests/nested/README.md).
#   tests/nested/l1.sh CMDS OUTDIR
# CMDS: one shell command a line, run in order inside L1 by l1-init, with
# /ktsrun (ktsrun, kvm-tg, steady.kts) on PATH, KTSRUN_CACHE_DIR=/cache
# holding the host's newest cached kernel (or KTSRUN_KERNEL) and its
# schedulers (L1_FILES adds more). OUTDIR gets console (L1's COM1), records (COM2) and, per
# command N, out.N and rc.N. Prints each command's output and status.
# Exit 0 when L1 ran every command (whatever their status), 77 when no L1
# kernel can be had (tools/nested_kernel.sh says why), 1 otherwise.
set -u
O=${O:-build}
cmds=$1 out=$2
here=$(dirname "$0")
K=${KTSRUN:-$O/ktsrun}
for f in "$O/nested/l1-init" "$O/nested/l1-initrd" "$K" "$O/kvm-tg"; do
	[ -x "$f" ] || { echo "l1: $f not built (make all)" >&2; exit 1; }
done
l1k=$("$here/../../tools/nested_kernel.sh") || exit 77
vmlinuz=$(ls "$l1k"/boot/vmlinuz-* | head -n 1)
mods=$(ls -d "$l1k"/lib/modules/*/kernel)
key=$("$K" kernel show ${KTSRUN_KERNEL:-} 2>/dev/null | sed -n 's/^key=//p')
[ -n "$key" ] || { echo "l1: no cached kernel for L2 ('ktsrun kernel build')" >&2; exit 1; }
croot=$(dirname "$(dirname "$("$K" kernel show "$key" | sed -n 's/^bzimage=//p')")")
croot=$(dirname "$croot")
kd=$croot/kernels/$key sd=$croot/sched/$key
mkdir -p "$out" || exit 1

# L2's vmlinux without DWARF: BTF and .symtab are what ktsrun reads (25 MB, not 126)
strip=$croot/nested/vmlinux-$key
if [ -f "$kd/vmlinux" ] && { [ ! -f "$strip" ] || [ "$kd/vmlinux" -nt "$strip" ]; }; then
	objcopy --strip-debug "$kd/vmlinux" "$strip.tmp" && mv "$strip.tmp" "$strip" || exit 1
fi
set -- "file:/l1/cmds=$cmds" "bin:/bin/busybox=/bin/busybox" \
	"bin:/ktsrun/ktsrun=$K" "bin:/ktsrun/kvm-tg=$O/kvm-tg" \
	"file:/ktsrun/steady.kts=$here/../../stdlib-scenarios/steady.kts" \
	"file:/cache/kernels/$key/meta=$kd/meta" "file:/cache/kernels/$key/bzImage=$kd/bzImage" \
	"file:/cache/kernels/$key/config=$kd/config"
[ -f "$strip" ] && set -- "$@" "file:/cache/kernels/$key/vmlinux=$strip"
[ -f "$kd/vmlinux.pvh" ] && set -- "$@" "file:/cache/kernels/$key/vmlinux.pvh=$kd/vmlinux.pvh"
if [ -d "$sd/bin" ]; then
	set -- "$@" "file:/cache/sched/$key/meta=$sd/meta"
	for b in "$sd"/bin/*; do set -- "$@" "bin:/cache/sched/$key/bin/${b##*/}=$b"; done
fi
: > "$out/modules"
for m in virt/lib/irqbypass.ko arch/x86/kvm/kvm.ko arch/x86/kvm/kvm-amd.ko; do
	set -- "$@" "file:/lib/modules/${m##*/}=$mods/$m"
	echo "/lib/modules/${m##*/}" >> "$out/modules"
done
set -- "$@" "file:/l1/modules=$out/modules"
# L1_FILES: more bin:GUEST=HOST / file:GUEST=HOST entries, to try things in L1
# shellcheck disable=SC2086
[ -n "${L1_FILES:-}" ] && set -- "$@" $L1_FILES
"$O/nested/l1-initrd" -o "$out/l1.cpio" "$O/nested/l1-init" "$@" || exit 1
rm -f "$out/console" "$out/records"
echo "l1: booting $(basename "$vmlinuz") under TCG (-cpu max -smp 2 -m 3072), $(($(stat -c %s "$out/l1.cpio") / 1048576)) MiB initramfs, L2 kernel $key"
t0=$(date +%s)
nice -n 10 timeout "${L1_TIMEOUT:-1500}" qemu-system-x86_64 -name ktsrun-nested -nodefaults -display none \
	-accel tcg,thread=multi -cpu max -smp 2 -m 3072 -no-reboot \
	-kernel "$vmlinuz" -initrd "$out/l1.cpio" -append "console=ttyS0 loglevel=4 panic=-1" \
	-serial "file:$out/console" -serial "file:$out/records" < /dev/null
st=$?
echo "l1: QEMU exit $st after $(($(date +%s) - t0)) s"
rm -f "$out/l1.cpio"
[ -f "$out/records" ] || { echo "l1: no records from L1"; tail -n 20 "$out/console"; exit 1; }
# split the records (l1_init.c's format) into out.N / rc.N
awk -v d="$out" '
/^m / { print "l1: module " $2 (($3 == 0) ? " loaded" : " failed: " substr($0, index($0, $4))); next }
/^c / { n = $2; print "l1: [" n "] $ " substr($0, length($1 $2) + 3); printf "" > (d "/out." n); next }
/^o / { n = $2; line = substr($0, length($1 $2) + 3); print "  " line; print line >> (d "/out." n); next }
/^x / { print "l1: [" $2 "] exit " $3 " after " $4 " ms"; print $3 > (d "/rc." $2); print $4 > (d "/ms." $2); next }
/^e$/ { print "l1: done"; print "done" > (d "/done"); next }
' "$out/records" | sed 's/\r$//'
[ -f "$out/done" ] || { echo "l1: L1 did not finish its commands; console tail:"; tail -n 20 "$out/console"; exit 1; }
exit 0
