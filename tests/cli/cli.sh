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

# and so does every option of ktsrun --gauntlet --help
"$KTSRUN" --gauntlet --help > "$T/chelp" 2>&1 || fail "--gauntlet --help exited non-zero"
for o in $(grep -o -- '--[a-z][a-z-]*' "$T/chelp" | sort -u); do
	[ "$o" = "--help" ] && continue
	grep -q -- "$(echo "$o" | sed 's/-/\\\\-/g')" doc/ktsrun.1 || fail "--gauntlet: option $o missing from the man page"
done

expect_exit 2 "$KTSRUN" && expect_out "usage: ktsrun COMMAND"
expect_exit 2 "$KTSRUN" frobnicate && expect_out "unknown command 'frobnicate'"
expect_exit 0 "$KTSRUN" --version && expect_out "ktsrun 0.1.0"
expect_exit 2 "$KTSRUN" topo --topo 1n1l0c && expect_out "a count of 0 cores"
expect_exit 2 "$KTSRUN" topo --mem 5 && expect_out "\-\-mem '5': expected a whole number from 128 to 3072"
expect_exit 2 "$KTSRUN" topo --mem ' 512' && expect_out "\-\-mem ' 512': expected a whole number"
expect_exit 2 "$KTSRUN" topo --timeout 99999999999999999999 && expect_out "expected a whole number from 1 to 86400"
expect_exit 2 "$KTSRUN" topo --fault 'panic ktsrun.mode=run' && expect_out "expected one of none, panic"
expect_exit 2 "$KTSRUN" topo extra-arg && expect_out "unexpected argument 'extra-arg'"
expect_exit 0 "$KTSRUN" topo --list && expect_out "numa2-smt           2n4l2c2t      16"
expect_out "needs APIC IDs up to 433; QEMU 7.2's APIC stops at 254"
expect_exit 0 "$KTSRUN" topo --list --accel own && expect_out "vm: kvm backend (our VMM) (requested)"
expect_exit 2 "$KTSRUN" topo --list --vcpus-per-core 0 && expect_out "expected a whole number from 1 to 64"
expect_exit 2 "$KTSRUN" initrd && expect_out "usage: ktsrun initrd -o FILE"
expect_exit 2 "$KTSRUN" sched && expect_out "sched needs a sub-command"
expect_exit 2 "$KTSRUN" sched build --jobs 0 && expect_out "\-\-jobs '0': expected a whole number from 1 to 1024"
expect_exit 2 "$KTSRUN" kernel build --jobs 1x && expect_out "\-\-jobs '1x': expected a whole number from 1 to 1024"
expect_exit 2 "$KTSRUN" schedtest && expect_out "schedtest needs --scheduler"
expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --expect-fail crash && expect_out "KIND is one of"
expect_exit 2 "$KTSRUN" schedtest --scheduler ':-t 5' && expect_out "no name before ':'"
expect_exit 2 "$KTSRUN" schedtest --scheduler ./no/such/sched && expect_out "is not an executable file"
expect_exit 2 "$KTSRUN" verifier && expect_out "verifier needs --scheduler"
expect_exit 2 "$KTSRUN" verifier --scheduler ':-e 1' && expect_out "no name before ':'"
expect_exit 2 "$KTSRUN" verifier --scheduler scx_qmap extra && expect_out "unexpected argument 'extra'"
expect_exit 2 "$KTSRUN" verifier --scheduler scx_qmap -t a -t b -t c -t d -t e -t f -t g -t h -t i && expect_out "--topo: at most 8"

# run: every option value is refused before a compile or a boot (exit 2)
printf 'param p = 1s\nscenario s {\n    duration p\n}\n' > "$T/s.kts"
expect_exit 2 "$KTSRUN" run "$T/s.kts" --max-gap inf && expect_out "\-\-max-gap 'inf': expected a number from 0 to 86400000"
expect_exit 2 "$KTSRUN" run "$T/s.kts" --spread 1e3 && expect_out "\-\-spread '1e3': expected a number from 0 to 10000"
expect_exit 2 "$KTSRUN" run "$T/s.kts" --fault pani && expect_out "\-\-fault 'pani': expected one of"
expect_exit 2 "$KTSRUN" run "$T/s.kts" -D 1x=2 && expect_out "\-D '1x=2': expected NAME=VALUE"
expect_exit 2 "$KTSRUN" run "$T/s.kts" -D p=1s -D p=2s && expect_out "\-D p is given twice"
expect_exit 2 "$KTSRUN" run "$T/s.kts" --json "$T/no/such/dir/r.json" && expect_out "the directory $T/no/such/dir/ does not exist or is not writable"
expect_exit 2 "$KTSRUN" selftest --json "$T" && expect_out "is a directory; name a file"
expect_exit 2 "$KTSRUN" run "$T/s.kts" --topo 2n3l && expect_out "\-\-topo: topology '2n3l': 3 LLCs cannot be split evenly over 2 nodes"
expect_exit 2 "$KTSRUN" run "$T/s.kts" -D 'p=1s
scenario t {}' && expect_out "the value must be on one line"
expect_exit 2 "$KTSRUN" run "$T/s.kts" -D 'p=1s; const q = 1' && expect_out "\-D p: the value must be one expression"

# run takes what compile wrote, verified: it gets as far as the kernel
"$KTSRUN" compile -o "$T/s.ktsb" "$T/s.kts" || fail "compile"
expect_exit 2 "$KTSRUN" run "$T/s.ktsb" --kernel "$T/no-kernel" && expect_out "kernel '$T/no-kernel' (from --kernel) is not a file"
grep -q "does not compile" "$T/out" && fail "run of bytecode tried to compile it"
expect_exit 2 "$KTSRUN" run "$T/s.ktsb" -D p=2s && expect_out "s.ktsb is compiled: -D cannot change it"
head -c -4 "$T/s.ktsb" > "$T/cut.ktsb"
expect_exit 2 "$KTSRUN" run "$T/cut.ktsb" && expect_out "cut.ktsb: bytecode truncated: header says"
expect_out "not runnable bytecode (errors above)"

# --scheduler on a kernel without sched_ext: refused before booting, from
# config-RELEASE beside a distro-style image (a copy of a cached bzImage)
bz=$(ls "${KTSRUN_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/ktsrun}"/kernels/*/bzImage 2>/dev/null | head -1)
if [ -n "$bz" ]; then
	mkdir -p "$T/boot" && cp "$bz" "$T/boot/vmlinuz-6.12.0-noscx"
	echo '# CONFIG_SCHED_CLASS_EXT is not set' > "$T/boot/config-6.12.0-noscx"
	expect_exit 2 "$KTSRUN" run "$T/s.kts" --scheduler scx_simple --kernel "$T/boot/vmlinuz-6.12.0-noscx" &&
		expect_out "has no sched_ext (CONFIG_SCHED_CLASS_EXT is not set, per $T/boot/config-6.12.0-noscx): build one with 'ktsrun kernel build'"
	grep -q "booting" "$T/out" && fail "a kernel without sched_ext was booted"
	expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --kernel "$T/boot/vmlinuz-6.12.0-noscx" &&
		expect_out "has no sched_ext"
	# with sched_ext there, a scheduler by name says what to try on a kernel given by path
	echo 'CONFIG_SCHED_CLASS_EXT=y' > "$T/boot/config-6.12.0-noscx"
	expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --kernel "$T/boot/vmlinuz-6.12.0-noscx" --accel tcg &&
		expect_out "scheduler 'scx_simple' by name is looked up for a cached kernel"
else
	echo "  note: no cached kernel; the sched_ext config checks were not run"
fi
expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --dump-at soon && expect_out "give seconds after sched_ext is enabled"
expect_exit 2 "$KTSRUN" schedtest --scheduler scx_simple --duration 4 --dump-at 4 && expect_out "is not within --duration 4"
expect_exit 2 "$KTSRUN" run stdlib-scenarios/steady.kts --dump-at -1 && expect_out "give seconds after the scenario starts"
expect_exit 2 "$KTSRUN" run stdlib-scenarios/steady.kts --scx-watchdog 0.5 && expect_out "scx-watchdog .0.5.: expected a number from 1 to 600"
expect_exit 2 "$KTSRUN" run stdlib-scenarios/steady.kts --scx-watchdog 20 --no-monitor && expect_out "writes through the monitor: drop --no-monitor"
expect_exit 2 "$KTSRUN" chantest --pings 0 && expect_out "--pings"
expect_exit 2 "$KTSRUN" chantest --line "$(printf 'a\tb')" && expect_out "printable ASCII"
expect_exit 2 "$KTSRUN" chantest --line '' && expect_out "printable ASCII"
expect_exit 2 "$KTSRUN" shell < /dev/null && expect_out "needs a terminal on stdin and stdout; use --exec CMD"
expect_exit 2 "$KTSRUN" shell --exec '' && expect_out "the command is empty"
expect_exit 2 "$KTSRUN" shell --exec true extra && expect_out "unexpected argument 'extra'"
expect_exit 2 "$KTSRUN" shell -i /no/such/file --exec true && expect_out "-i /no/such/file: No such file"
expect_exit 2 "$KTSRUN" shell -i no-such-tool-kts17 --exec true && expect_out "not found on PATH or in this directory"
mkdir -p "$T/a/x" "$T/b/x"
expect_exit 2 "$KTSRUN" shell -i "$T/a/x" -i "$T/b/x" --exec true && expect_out "/include/x is taken by"
expect_exit 2 "$KTSRUN" shell --scheduler ':-t 5' --exec true && expect_out "no name before ':'"
expect_exit 2 "$KTSRUN" export stdlib-scenarios/steady.kts && expect_out "one scenario and -o FILE.run"
expect_exit 2 "$KTSRUN" export stdlib-scenarios/steady.kts -o "$T" && expect_out "is a directory; name the file"
expect_exit 2 "$KTSRUN" export "$T/none.kts" -o "$T/x.run"
[ ! -e "$T/x.run" ] && pass "export of a missing scenario writes nothing" || fail "export left $T/x.run"
expect_exit 2 "$KTSRUN" local && expect_out "local wants the directory a .run file unpacked"
expect_exit 2 "$KTSRUN" local "$T" && expect_out "is not an unpacked export"
expect_exit 2 "$KTSRUN" local "$T" --emulation maybe && expect_out "expected auto, on or off"
finish
