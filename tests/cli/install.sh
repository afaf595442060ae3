# make install into a DESTDIR, no VM: the installed binary, run from /, finds
# the installed standard scenarios; the installed man page renders and names
# every command of --help and no other; completions and the Vim files work
# from where they were put; make uninstall leaves no file behind.
. tests/lib.sh

D="$T/dest"
P=/usr/local
mkdir -p "$D"
make -s O="$O" DESTDIR="$D" install > "$T/make.out" 2>&1 || { fail "make install failed"; cat "$T/make.out"; finish; }
B="$D$P/bin/ktsrun"
S="$D$P/share/ktsrun/stdlib-scenarios"
for f in bin/ktsrun share/man/man1/ktsrun.1 share/bash-completion/completions/ktsrun \
	share/zsh/site-functions/_ktsrun share/vim/vimfiles/syntax/kts.vim share/vim/vimfiles/ftdetect/kts.vim \
	share/ktsrun/vscode/package.json share/ktsrun/vscode/syntaxes/kts.tmLanguage.json \
	share/ktsrun/stdlib-scenarios/lib/common.kts; do
	[ -f "$D$P/$f" ] || fail "make install did not write $P/$f"
done
[ -x "$B" ] || fail "$B is not executable"
n_tree=$(ls stdlib-scenarios/*.kts | wc -l)
[ "$(ls "$S"/*.kts | wc -l)" = "$n_tree" ] && pass "all $n_tree standard scenarios installed" ||
	fail "installed $(ls "$S"/*.kts | wc -l) scenarios, the tree has $n_tree"

# from /, with no hint but the binary's own path
(cd / && env -u KTSRUN_STDLIB "$B" list > "$T/list" 2> "$T/list.err") || fail "installed 'ktsrun list' failed: $(cat "$T/list.err")"
grep -q "standard scenarios in $S (installed)" "$T/list.err" && pass "list reads the installed copy" ||
	fail "list did not read $S: $(cat "$T/list.err")"
[ "$(awk '{ print $1 }' "$T/list" | sort | tr '\n' ' ')" = "$(ls stdlib-scenarios/*.kts | xargs -n1 basename | sed 's/\.kts$//' | sort | tr '\n' ' ')" ] &&
	pass "list shows every standard scenario" || fail "list shows [$(awk '{ print $1 }' "$T/list" | tr '\n' ' ')]"
cd / && expect_exit 0 "$B" check "$S/cpuset_resize.kts" && expect_out "cpuset_resize.kts: ok"
expect_exit 0 "$B" check "$S"/*.kts && pass "every installed scenario checks (includes resolve there)"
# run --stdlib resolves by name from anywhere; a missing kernel stops it before any VM
expect_exit 2 env -u KTSRUN_STDLIB "$B" run --stdlib steady --kernel /nonexistent/bzImage &&
	expect_out "\[1/1\] $S/steady.kts"
expect_exit 2 "$B" run --stdlib no_such_scenario && expect_out "no such scenario in $S; 'ktsrun list' shows them"
expect_exit 2 env KTSRUN_STDLIB=/nonexistent "$B" list && expect_out "KTSRUN_STDLIB=/nonexistent is not a directory"
cd "$OLDPWD"

# the man page, as man renders it, against the installed --help
page="$D$P/share/man/man1/ktsrun.1"
MANWIDTH=100 man -l "$page" 2> "$T/man.err" | col -b > "$T/man" || fail "man -l failed: $(cat "$T/man.err")"
[ -s "$T/man.err" ] && fail "man -l warns: $(head -3 "$T/man.err")"
grep -q '^NAME' "$T/man" && grep -q 'ktsrun - test Linux process schedulers' "$T/man" && pass "man -l renders the page" ||
	fail "man -l rendered no NAME section"
"$B" --help > "$T/help"
help_cmds=$(sed -n 's/^  \([a-z]\+\) .*/\1/p' "$T/help" | grep -vx ktsrun | sort -u)
man_cmds=$(sed -n '/^COMMANDS/,/^[A-Z]/s/^   \([a-z]\+\)$/\1/p' "$T/man" | sort -u)
[ -n "$help_cmds" ] && [ "$help_cmds" = "$man_cmds" ] && pass "the page and --help name the same $(echo $help_cmds | wc -w) commands" ||
	fail "--help names [$(echo $help_cmds)], the page [$(echo $man_cmds)]"

# completions and Vim from the installed places
bash -c ". '$D$P/share/bash-completion/completions/ktsrun'; COMP_WORDS=('$B' sched); COMP_CWORD=1; _ktsrun; echo \${COMPREPLY[*]}" > "$T/comp"
[ "$(cat "$T/comp")" = "sched schedtest" ] && pass "installed bash completion completes commands" || fail "installed bash completion gave [$(cat "$T/comp")]"
vim -N -u NONE -i NONE -n -es --cmd "set rtp^=$D$P/share/vim/vimfiles" --cmd 'filetype on' \
	-c "call writefile([&filetype], '$T/ft')" -c 'qa!' "$S/steady.kts"
[ "$(cat "$T/ft" 2> /dev/null)" = kts ] && pass "installed Vim files detect a scenario" || fail "Vim's filetype is '$(cat "$T/ft" 2> /dev/null)'"

make -s O="$O" DESTDIR="$D" uninstall > "$T/make.out" 2>&1 || fail "make uninstall failed: $(cat "$T/make.out")"
left=$(find "$D" ! -type d)
[ -z "$left" ] && pass "make uninstall removed every file" || fail "left after uninstall: $left"
[ ! -e "$D$P/share/ktsrun" ] || fail "share/ktsrun is still there"
expect_exit 2 make -s O="$O" PREFIX=relative/dir DESTDIR="$D" install && expect_out "PREFIX must be an absolute path"
finish
