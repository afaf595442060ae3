# ktsrun shell end to end under QEMU. --exec: a command's output, stderr and
# exit status; the scheduler loaded first (the issue's acceptance: state
# enabled, ops simple); -i files, directories and a dynamic host binary that
# runs with its libraries. Interactive, driven through tmux: the prompt,
# typed commands, the terminal's size in the guest, Ctrl-C reaching the
# foreground job (a sleep 100), job control, Ctrl-] leaving, `exit N`
# giving N, SIGTERM from outside; after each, the host terminal as before
# (stty -a) and no VM or file left behind.
. tests/lib.sh
need_kernel

if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_simple'; then
	echo "  FAIL: scx_simple is not built; 'make check' builds the schedulers first"
	exit 1
fi
snapshot_leftovers
if expect_exit 0 "$KTSRUN" shell --topo 1n2l2c2t --scheduler scx_simple \
	--exec 'cat /sys/kernel/sched_ext/state /sys/kernel/sched_ext/root/ops'; then
	expect_out '^enabled$'
	expect_out '^simple$'
	expect_out 'scheduler scx_simple: sched_ext enabled, ops simple'
fi
check_leftovers

snapshot_leftovers
"$KTSRUN" shell --exec 'echo to-stdout; echo to-stderr >&2; exit 7' > "$T/o" 2> "$T/e" &
last_pid=$!
wait $last_pid
got=$?
[ "$got" = 7 ] && pass "--exec exits with the command's status" || fail "--exec exited $got, expected 7"
[ "$(cat "$T/o")" = to-stdout ] && pass "stdout is the command's alone" || fail "stdout was [$(cat "$T/o")]"
grep -qx to-stderr "$T/e" && pass "stderr has the command's" || fail "stderr lacks to-stderr: $(tail -3 "$T/e")"
check_leftovers
expect_exit 137 "$KTSRUN" shell --exec 'kill -9 $$' && pass "a command killed by SIGKILL gives 137"

# -i: a tree (a nested file, a symlink) and a dynamic host binary, by its
# path (Debian's busybox sh runs its own applet for a bare cmp)
mkdir -p "$T/inc/sub"
echo "nested $$" > "$T/inc/sub/f"
ln -s sub/f "$T/inc/link"
snapshot_leftovers
if expect_exit 0 "$KTSRUN" shell -i "$T/inc/" -i cmp \
	--exec 'cat /include/inc/sub/f; readlink /include/inc/link; /include/cmp --version | head -1'; then
	expect_out "^nested $$\$"
	expect_out '^sub/f$'
	expect_out '^cmp (GNU diffutils)'
fi
check_leftovers

# --- interactive, in tmux ---
# a server per session: a new one on the socket of one just killed can die with it
nsess=0
sock="ktsrun-e2e-$$-0"
tm() { tmux -L "$sock" "$@"; }
# tmux leaves its socket files behind: ours go with the test
trap 'tm kill-server 2> /dev/null; rm -f "${TMUX_TMPDIR:-/tmp}/tmux-$(id -u)/ktsrun-e2e-$$-"*; rm -rf "$T"' EXIT
screen() { tm capture-pane -p -t s -S -200; }
# wait_for TEXT SEC: until the pane shows TEXT (a fixed string)
wait_for() {
	i=0
	while [ $i -lt $(($2 * 10)) ]; do
		screen | grep -qF -- "$1" && return 0
		sleep 0.1
		i=$((i + 1))
	done
	fail "the shell never showed '$1' within $2 s"
	screen | grep -v '^$' | tail -15 | sed 's/^/    | /'
	return 1
}
PROMPT='[ktsrun /root]#'
# start_shell: a new pane running ktsrun shell between two stty -a
start_shell() {
	tm kill-server 2> /dev/null
	nsess=$((nsess + 1))
	sock="ktsrun-e2e-$$-$nsess"
	rm -f "$T/before" "$T/after" "$T/pid"
	tm new-session -d -s s -x 100 -y 30 "env -u TMUX sh"
	tm send-keys -t s "stty -a > $T/before; sh -c 'echo \$\$ > $T/pid; exec $KTSRUN shell'; \
echo EXIT=\$?; stty -a > $T/after" Enter
	wait_for "$PROMPT" 120
}
# terminal_sane: the pane's tty as it was before ktsrun took it
terminal_sane() {
	wait_for "EXIT=" 30 || return 1
	i=0
	while [ ! -s "$T/after" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
	if cmp -s "$T/before" "$T/after"; then pass "$1: the terminal is as before (stty -a)"; else
		fail "$1: stty -a changed: $(diff "$T/before" "$T/after" | head -5)"; fi
	last_pid=$(cat "$T/pid")
	check_leftovers
}

snapshot_leftovers
if start_shell; then
	tm send-keys -t s 'echo answer=$((6*7))' Enter
	wait_for "answer=42" 30 && pass "a typed command ran and printed"
	tm send-keys -t s 'stty size' Enter
	wait_for "30 100" 30 && pass "the guest's console has the host terminal's size"
	tm send-keys -t s 'sleep 100' Enter
	sleep 1
	tm send-keys -t s C-c
	tm send-keys -t s 'echo status=$?' Enter
	wait_for "status=130" 30 && pass "Ctrl-C ended the foreground sleep 100 (SIGINT)"
	tm send-keys -t s 'sleep 50 &' Enter 'jobs' Enter
	wait_for "Running" 30 && pass "job control: a background job is listed"
	tm send-keys -t s C-]
	wait_for "left the VM" 30 && pass "Ctrl-] left the VM"
	wait_for "EXIT=0" 10 && pass "ktsrun exited 0 after Ctrl-]"
	terminal_sane "Ctrl-]"
fi

snapshot_leftovers
if start_shell; then
	tm send-keys -t s 'exit 3' Enter
	wait_for "EXIT=3" 60 && pass "exit 3 in the guest: ktsrun exits 3"
	terminal_sane "exit 3"
fi

snapshot_leftovers
if start_shell; then
	kill -TERM "$(cat "$T/pid")"
	wait_for "EXIT=143" 30 && pass "SIGTERM from outside: ktsrun exits 143"
	terminal_sane "SIGTERM"
fi
finish
