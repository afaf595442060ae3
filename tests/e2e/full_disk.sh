# Full and read-only file systems (a small tmpfs): a result JSON, compile -o,
# fmt -w, the probe cache, a scheduler build and a kernel build each fail
# with one line that names the path and the space needed, leave what was
# there as it was (no half file, no half cache entry), and succeed once
# there is space. The kernel build is only checked to refuse at once: a
# build with space would take 9 minutes of both cores.
. tests/lib.sh
need_kernel
if [ "$(id -u)" != 0 ]; then
	echo "  skip: mounting a small tmpfs needs root"
	exit 77
fi
M=$T/mnt
mkdir -p "$M"
if ! mount -t tmpfs -o size=16m,mode=0755 ktsrun-e2e-full "$M"; then
	echo "  skip: cannot mount a tmpfs here"
	exit 77
fi
trap 'umount "$M" 2>/dev/null; rm -rf "$T"' EXIT
fill() { dd if=/dev/zero of="$M/filler" bs=64k 2>/dev/null || true; }
room() { rm -f "$M/filler"; }
# nothing but the named entries in DIR (no temporary file left)
only() {
	dir=$1; shift
	extra=$(ls -A "$dir" | grep -v -x -F "$(printf '%s\n' "$@")" || true)
	[ -z "$extra" ] && pass "nothing left in $dir" || fail "left in $dir: $extra"
}
S=$T/short.kts
printf 'scenario short "a short run" {\n  duration 500ms\n  settle 100ms\n  topology 1n2l1c1t\n  cgroup a { workers 1  work spin }\n}\n' >"$S"

# compile -o and fmt -w: atomic, the old file kept whole
"$KTSRUN" compile -o "$M/s.ktsb" "$S" && cp "$M/s.ktsb" "$T/s.ktsb" && cp "$S" "$M/s.kts" && cp "$S" "$T/s.kts"
printf '\n\n\n' >>"$M/s.kts" # something for fmt to rewrite
cp "$M/s.kts" "$T/s.kts.before"
fill
expect_exit 2 "$KTSRUN" compile -o "$M/s.ktsb" stdlib-scenarios/steady.kts
expect_out "cannot write $M/s.ktsb: No space left on device (it needs [0-9]* KiB, 0 KiB are free in $M)"
cmp -s "$M/s.ktsb" "$T/s.ktsb" && pass "compile -o kept the old file" || fail "compile -o changed the old file"
"$KTSRUN" fmt -w "$M/s.kts" >"$T/out" 2>&1
expect_out "cannot write $M/s.kts: No space left on device"
cmp -s "$M/s.kts" "$T/s.kts.before" && pass "fmt -w kept the old file" || fail "fmt -w changed the old file"
only "$M" filler s.ktsb s.kts

# a result JSON: the run's verdict stands, the write fails in one line
room
mkdir -p "$M/res"
fill
expect_exit 2 "$KTSRUN" run "$S" --json "$M/res/out.json"
expect_out "cannot write $M/res/out.json: No space left on device (it needs [0-9]* KiB, 0 KiB are free in $M/res)"
only "$M/res"
room
expect_exit 0 "$KTSRUN" run "$S" --json "$M/res/out.json" &&
	"$KTSRUN" report "$M/res/out.json" >/dev/null 2>&1 && pass "with space: a result report reads" ||
	fail "with space: no readable result"

# the probe cache: a warning naming the file, the run goes on; with space it
# is written
C=$M/cache
mkdir -p "$C/probe"
ln -s "${KTSRUN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ktsrun}/kernels" "$C/kernels"
fill
KTSRUN_CACHE_DIR=$C expect_exit 0 "$KTSRUN" topo --topo tiny
expect_out "warning: cannot write $C/probe/vm-[0-9a-f]*: No space left on device (it needs 1 KiB, 0 KiB are free in $C/probe); the VM probe's answer is not cached, the next run does it again"
only "$C/probe"
room
KTSRUN_CACHE_DIR=$C expect_exit 0 "$KTSRUN" topo --topo tiny
[ -n "$(ls "$C/probe" | grep '^vm-')" ] && pass "with space: the probe is cached" || fail "with space: no probe cache"

# a scheduler build: refused up front with the space it needs, nothing half
# built in the cache; with space it builds
fill
KTSRUN_CACHE_DIR=$C expect_exit 2 "$KTSRUN" sched build
expect_out "a scheduler build needs about 256 MiB free in $C/sched, there are 0 MiB; free some space or set KTSRUN_CACHE_DIR elsewhere"
only "$C/sched" .locks
room
mount -o remount,size=400m "$M"
start=$(date +%s)
KTSRUN_CACHE_DIR=$C expect_exit 0 "$KTSRUN" sched build && pass "with space: schedulers built in $(($(date +%s) - start)) s"
KTSRUN_CACHE_DIR=$C "$KTSRUN" sched list 2>&1 | grep -q scx_simple && pass "sched list shows them" ||
	fail "sched list does not show the new build"

# a kernel build: refused at once on a small file system
K=$M/kcache
mkdir -p "$K"
mount -o remount,size=16m "$M" 2>/dev/null || true
KTSRUN_CACHE_DIR=$K expect_exit 2 "$KTSRUN" kernel build
expect_out "a kernel build needs about 3072 MiB free in $K/kernels, there are [0-9]* MiB"
only "$K/kernels" .locks

# a read-only cache and output directory
mount -o remount,ro "$M"
expect_exit 2 "$KTSRUN" compile -o "$M/s.ktsb" "$S" && expect_out "cannot write $M/s.ktsb: Read-only file system; write elsewhere"
KTSRUN_CACHE_DIR=$C expect_exit 0 "$KTSRUN" topo --topo tiny
KTSRUN_CACHE_DIR=$C expect_exit 2 "$KTSRUN" sched build --force
expect_out "Read-only file system"
[ "$(grep -c . "$T/out")" -le 2 ] && pass "one line" || fail "more than two lines: $(cat "$T/out")"
finish
