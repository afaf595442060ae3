# Shell completion, no VM: bash and zsh complete every command of --help and
# every option each command's --help lists (and no option it does not), and
# take presets, schedulers, standard scenarios and .kts files from ktsrun.
. tests/lib.sh

for sh in bash zsh tmux; do
	command -v $sh > /dev/null || { fail "$sh not found: run 'make deps' (Debian package $sh)"; finish; }
done
"$KTSRUN" completion bash > "$T/ktsrun.bash" && bash -n "$T/ktsrun.bash" || fail "completion bash: not a bash script"
mkdir -p "$T/zf"
"$KTSRUN" completion zsh > "$T/zf/_ktsrun" && zsh -n "$T/zf/_ktsrun" || fail "completion zsh: not a zsh script"
expect_exit 2 "$KTSRUN" completion fish && expect_out "completion wants a shell: bash or zsh"

# bash: call the function as readline does, from an empty directory
mkdir -p "$T/empty"
cat > "$T/drive.bash" << 'EOF'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$(($# - 1))
_ktsrun
printf '%s\n' "${COMPREPLY[@]}"
EOF
bcomp() { (cd "${BDIR:-$T/empty}" && bash "$T/drive.bash" "$T/ktsrun.bash" "$KTSRUN" "$@"); }

"$KTSRUN" --help > "$T/help"
help_cmds=$(sed -n 's/^  \([a-z]\+\) .*/\1/p' "$T/help" | grep -vx ktsrun | sort -u)
[ -n "$help_cmds" ] || fail "no commands found in --help"
bcomp "" > "$T/got"
for c in $help_cmds; do
	grep -qx "$c" "$T/got" || fail "bash does not complete the command $c"
done

# the options a help text lists: -D, --topo, [-w | --check], KEY|--all
# (not those of another command it points to: "(ktsrun topo --list)")
help_opts() {
	sed -e 's/(ktsrun [a-z]* --\?[a-z-]*)//g' -e "s/'ktsrun [a-z]* --\?[a-z-]*'//g" "$1" | grep -oE -- '(^|[][ ,|(])--?[A-Za-z][A-Za-z-]*' |
		sed 's/^[][ ,|(]//' | sort -u
}
# its sub-commands: "usage: ktsrun kernel build ..." / "       ktsrun kernel list"
help_subs() { sed -n "s/^\(usage: \|       \)ktsrun $2 \([a-z]\+\)\( .*\)\?\$/\2/p" "$1" | sort -u; }

nopts=0
for c in $help_cmds; do
	"$KTSRUN" "$c" --help > "$T/chelp" 2>&1 || fail "$c --help exited non-zero"
	help_opts "$T/chelp" > "$T/want"
	subs=$(help_subs "$T/chelp" "$c")
	: > "$T/offered"
	if [ -n "$subs" ]; then
		for s in $subs; do bcomp "$c" "$s" - >> "$T/offered"; done
	else
		bcomp "$c" - >> "$T/offered"
	fi
	sort -u "$T/offered" -o "$T/offered"
	for o in $(cat "$T/want"); do
		nopts=$((nopts + 1))
		grep -qx -- "$o" "$T/offered" || fail "bash: '$c' does not complete $o, which its --help lists"
	done
	for o in $(grep -v -- '^--help$' "$T/offered"); do
		grep -qx -- "$o" "$T/want" || fail "bash: '$c' completes $o, which its --help does not list"
	done
done
[ "$nopts" -ge 40 ] && pass "bash completes all $nopts options of $(echo $help_cmds | wc -w) commands' --help" ||
	fail "only $nopts options found in the --help texts"

# values, from ktsrun itself
presets=$("$KTSRUN" topo --list | awk 'f { print $1 } /^NAME / { f = 1 }')
bcomp topo --topo "" > "$T/got"
for p in $presets; do grep -qx "$p" "$T/got" || fail "bash: --topo does not offer preset $p"; done
[ "$(bcomp run --topo = ll | tr '\n' ' ')" = "$(echo "$presets" | grep '^ll' | tr '\n' ' ')" ] &&
	pass "--topo=ll offers the llc presets" || fail "--topo=ll offers [$(bcomp run --topo = ll)]"
bcomp run --stdlib "" > "$T/got"
for s in $("$KTSRUN" list 2> /dev/null | awk '{ print $1 }'); do
	grep -qx "$s" "$T/got" || fail "bash: --stdlib does not offer $s"
done
grep -qx cpuset_resize "$T/got" && pass "--stdlib offers the standard scenarios" || fail "--stdlib offers no cpuset_resize"
scheds=$("$KTSRUN" sched list 2> /dev/null | awk 'NR > 1 { print $1 }' | sort -u)
if [ -n "$scheds" ]; then
	[ "$(bcomp run --scheduler "" | sort | tr '\n' ' ')" = "$(echo "$scheds" | tr '\n' ' ')" ] &&
		pass "--scheduler offers the built schedulers once each" || fail "--scheduler offers [$(bcomp run --scheduler "")]"
else
	echo "  (no schedulers built: --scheduler names not checked)"
fi
bcomp topo --accel "" | grep -qx tcg && pass "--accel offers tcg" || fail "--accel does not offer tcg"
mkdir -p "$T/files/sub"
: > "$T/files/a.kts"
: > "$T/files/b.txt"
[ "$(BDIR=$T/files bcomp run "" | sort | tr '\n' ' ')" = "a.kts sub " ] &&
	pass "run offers .kts files and directories" || fail "run offers [$(BDIR=$T/files bcomp run "")]"
[ "$(BDIR=$T/files bcomp run --json "" | sort | tr '\n' ' ')" = "a.kts b.txt sub " ] &&
	pass "--json offers any file" || fail "--json offers [$(BDIR=$T/files bcomp run --json "")]"

# zsh: a real interactive shell in tmux, the function autoloaded from $fpath
S=ktsrun-comp-$$ SH=zsh
# a server of its own: nobody else's sessions are touched
tm() { tmux -S "$T/tmux.sock" "$@"; }
# a session, tried three times: a server starting on a loaded machine can
# miss its first client (seen at load 20+ as "tmux did not start")
tm_start() {
	for _ in 1 2 3; do
		tm new-session -d -s "$1" -x 200 -y 60 "$2" 2> "$T/tmux.err" && return 0
		sleep 1
	done
	return 1
}
mkdir -p "$T/zdot"
tm_start "$S" "cd '$T/files' && ZDOTDIR='$T/zdot' zsh -f -i" || fail "tmux did not start: $(cat "$T/tmux.err")"
trap 'tm kill-server 2> /dev/null; rm -rf "$T"' EXIT
tm send-keys -t "$S" "fpath=('$T/zf' \$fpath); path=('$(dirname "$KTSRUN")' \$path)" Enter
tm send-keys -t "$S" "autoload -U compinit && compinit -u -D && PS1='> ' && print ready" Enter
# wait (bounded) until the screen shows what we expect
screen_has() {
	# bounded, and generous: under load a shell can take seconds to draw
	for _ in $(seq 200); do
		tm capture-pane -p -t "$S" > "$T/screen"
		grep -q -- "$1" "$T/screen" && return 0
		sleep 0.1
	done
	return 1
}
screen_has '^ready' || fail "zsh did not start: $(cat "$T/screen")"
# type a line, press Tab, wait for what should appear, then clear it all
# (in whichever shell runs in the session)
zcomp() {
	tm send-keys -t "$S" C-u "clear" Enter
	screen_has '^> *$' || fail "zsh prompt did not come back"
	tm send-keys -t "$S" "$1" Tab
	if screen_has "$2"; then pass "$SH: '$1<Tab>' shows '$2'"; else
		fail "$SH: '$1<Tab>' does not show '$2'"; sed 's/^/    | /' "$T/screen" | grep -v '^    | $'; fi
}
zcomp "ktsrun sel" "^> ktsrun selftest *$"
zcomp "ktsrun run --sched" "^> ktsrun run --scheduler="
zcomp "ktsrun topo --topo numa2-sm" "^> ktsrun topo --topo numa2-smt *$"
zcomp "ktsrun run --stdlib cpuset_res" "^> ktsrun run --stdlib cpuset_resize *$"
zcomp "ktsrun kernel " "show  *-- what a key or path resolves to"
zcomp "ktsrun run " "^a.kts  *sub/"
# every option of each command, as zsh lists them
for c in $help_cmds; do
	"$KTSRUN" "$c" --help > "$T/chelp" 2>&1
	subs=$(help_subs "$T/chelp" "$c")
	: > "$T/zsh.$c"
	for s in ${subs:-""}; do
		line="ktsrun $c${s:+ $s} -"
		# bash's first option for this line, to know when zsh has answered
		mark=$(bcomp $c $s - | head -1)
		[ -n "$mark" ] || continue
		tm send-keys -t "$S" C-u "clear" Enter
		screen_has '^> *$' || fail "zsh prompt did not come back"
		# the first Tab may only complete "-" to "--"; the second lists
		tm send-keys -t "$S" "$line" Tab Tab
		screen_has "$mark" || { fail "zsh: '$line<Tab>' does not offer $mark"; continue; }
		cat "$T/screen" >> "$T/zsh.$c"
	done
	help_opts "$T/chelp" > "$T/want"
	help_opts "$T/zsh.$c" > "$T/offered"
	for o in $(cat "$T/want"); do
		grep -qx -- "$o" "$T/offered" || fail "zsh: '$c' does not complete $o, which its --help lists"
	done
	for o in $(grep -v -- '^--help$' "$T/offered"); do
		grep -qx -- "$o" "$T/want" || fail "zsh: '$c' completes $o, which its --help does not list"
	done
done
[ "$fails" = 0 ] && pass "zsh lists every option of every command's --help"

# bash under readline too: file names get their slash, values their space
mkdir -p "$T/files/stdlib-scenarios"
SH=bash
# the new session first: killing the server's last one makes it exit, and a
# session started while it goes down finds no server ("tmux did not start")
tm_start "$S-bash" "cd '$T/files' && bash --norc --noprofile -i" || fail "tmux did not start: $(cat "$T/tmux.err")"
tm kill-session -t "$S"
S=$S-bash
tm send-keys -t "$S" "PS1='> '; PATH='$(dirname "$KTSRUN")':\$PATH; . '$T/ktsrun.bash'; echo ready" Enter
screen_has '^ready' || fail "bash did not start: $(cat "$T/screen")"
zcomp "ktsrun check stdlib-sc" "^> ktsrun check stdlib-scenarios/ *$"
zcomp "ktsrun run --stdlib steady_l" "^> ktsrun run --stdlib steady_llc *$"
zcomp "ktsrun run --accel=tc" "^> ktsrun run --accel=tcg *$"
finish
