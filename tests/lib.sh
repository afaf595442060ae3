# Helpers for tests/e2e/*.sh (sourced). KTSRUN is the binary under test.
KTSRUN=${KTSRUN:-$PWD/build/ktsrun}
T=$(mktemp -d /tmp/ktsrun-e2e.XXXXXX)
trap 'rm -rf "$T"' EXIT
# sh runs no EXIT trap when a signal kills it: turn those into an exit
trap 'exit 1' HUP INT PIPE TERM
fails=0

fail() { echo "  FAIL: $*"; fails=$((fails + 1)); }
pass() { echo "  ok: $*"; }

# expect_exit WANT CMD...: run CMD, output in $T/out, check its exit code;
# $last_pid is its pid (ktsrun names its VMs "ktsrun-<pid>").
expect_exit() {
	want=$1; shift
	"$@" > "$T/out" 2>&1 &
	last_pid=$!
	wait $last_pid
	got=$?
	if [ "$got" != "$want" ]; then
		fail "'$*' exited $got, expected $want"; sed 's/^/    | /' "$T/out" | tail -30
		return 1
	fi
	return 0
}

expect_out() {
	if grep -q -- "$1" "$T/out"; then pass "output has '$1'"; else
		fail "output lacks '$1'"; sed 's/^/    | /' "$T/out" | tail -30; fi
}

# The VM must be gone and nothing left behind: no QEMU named after the last
# ktsrun process, nothing new in /dev/shm, nothing in ktsrun's TMPDIR.
export TMPDIR="$T/tmpdir"
mkdir -p "$TMPDIR"
snapshot_leftovers() { ls /dev/shm > "$T/shm.before"; }
check_leftovers() {
	ls /dev/shm > "$T/shm.after"
	cmp -s "$T/shm.before" "$T/shm.after" || fail "/dev/shm changed: $(diff "$T/shm.before" "$T/shm.after" | tail -3)"
	[ -z "$(ls -A "$TMPDIR")" ] || fail "files left in TMPDIR: $(ls -A "$TMPDIR")"
	if pgrep -f "^qemu-system-x86_64 -name ktsrun-$last_pid[ ,]" > /dev/null; then
		fail "QEMU of ktsrun $last_pid was left running"
	fi
}

need_kernel() {
	[ -n "$KTSRUN_KERNEL" ] && return 0
	if ! "$KTSRUN" kernel list 2>/dev/null | grep -q . && [ -z "$KTSRUN_KERNEL" ]; then
		echo "  FAIL: no kernel cached; 'make check' builds one before the tests"
		exit 1
	fi
}

finish() { [ "$fails" -eq 0 ]; exit $?; }
