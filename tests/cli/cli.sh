# The CLI: --help and the man page list the same commands; usage errors
# exit 2 with one line; no VM needed.
. tests/lib.sh

"$KTSRUN" --help > "$T/help" || fail "--help exited non-zero"
help_cmds=$(sed -n 's/^  \([a-z]\+\) .*/\1/p' "$T/help" | grep -vx ktsrun | sort -u)
man_cmds=$(sed -n 's/^\.SS \([a-z]\+\)$/\1/p' doc/ktsrun.1 | sort -u)
[ -n "$help_cmds" ] || fail "no commands found in --help"
[ "$help_cmds" = "$man_cmds" ] && pass "--help and man page list: $(echo $help_cmds)" ||
	fail "--help lists [$(echo $help_cmds)] but the man page [$(echo $man_cmds)]"
# every long option of a command's --help appears in the man page
for c in $help_cmds; do
	"$KTSRUN" "$c" --help > "$T/chelp" 2>&1
	for o in $(grep -o -- '--[a-z][a-z-]*' "$T/chelp" | sort -u); do
		[ "$o" = "--help" ] && continue
		grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" doc/ktsrun.1 || fail "$c: option $o missing from the man page"
	done
done

expect_exit 2 "$KTSRUN" && expect_out "usage: ktsrun COMMAND"
expect_exit 2 "$KTSRUN" frobnicate && expect_out "unknown command 'frobnicate'"
expect_exit 0 "$KTSRUN" --version && expect_out "ktsrun 0.1.0"
expect_exit 2 "$KTSRUN" topo --topo 1n1l0c && expect_out "a count of 0 cores"
expect_exit 2 "$KTSRUN" topo --mem 5 && expect_out "expected MiB between 128 and 3072"
expect_exit 2 "$KTSRUN" topo extra-arg && expect_out "unexpected argument 'extra-arg'"
expect_exit 0 "$KTSRUN" topo --list && expect_out "numa2-smt  2n4l2c2t"
expect_exit 2 "$KTSRUN" initrd && expect_out "usage: ktsrun initrd -o FILE"
expect_exit 2 "$KTSRUN" sched && expect_out "sched needs a sub-command"
expect_exit 2 "$KTSRUN" sched build --jobs 0 && expect_out "--jobs wants a number"
expect_exit 2 "$KTSRUN" schedtest && expect_out "schedtest needs --scheduler"
expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --expect-fail crash && expect_out "KIND is one of"
expect_exit 2 "$KTSRUN" schedtest --scheduler ':-t 5' && expect_out "no name before ':'"
expect_exit 2 "$KTSRUN" schedtest --scheduler ./no/such/sched && expect_out "is not an executable file"
expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --dump-at soon && expect_out "give seconds after sched_ext is enabled"
expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --duration 4 --dump-at 4 && expect_out "is not within --duration 4"
expect_exit 2 "$KTSRUN" run stdlib-scenarios/steady.kts --dump-at -1 && expect_out "give seconds after the scenario starts"
expect_exit 2 "$KTSRUN" chantest --pings 0 && expect_out "--pings"
expect_exit 2 "$KTSRUN" chantest --line "$(printf 'a\tb')" && expect_out "printable ASCII"
expect_exit 2 "$KTSRUN" chantest --line '' && expect_out "printable ASCII"
finish
