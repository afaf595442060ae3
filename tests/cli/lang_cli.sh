#!/bin/sh
# The language commands from the outside: exit codes, compile -o, disasm of
# a compiled file, fmt -w / --check, -D, --help.
KTSRUN=${KTSRUN:-build/ktsrun}
# run.sh makes KTSRUN from $PWD/$O, which breaks for an absolute O
[ -x "$KTSRUN" ] || KTSRUN=${O:-build}/ktsrun
T=$(mktemp -d /tmp/ktsrun-lang.XXXXXX)
trap 'rm -rf "$T"' EXIT
fail() { echo "lang_cli: $*"; exit 1; }

for c in check disasm fmt compile; do
	"$KTSRUN" $c --help | grep -q "^usage: ktsrun $c" || fail "$c --help"
done

"$KTSRUN" check stdlib-scenarios/*.kts >/dev/null || fail "stdlib does not check"

printf 'param n = 2\nscenario s {\n  cgroup a { workers n work spin }\n  expect { a.work_units>0 }\n}\n' >"$T/s.kts"
printf 'scenario bad {\n    cgroup a { workers 1 work spinn }\n    duration 5\n}\n' >"$T/bad.kts"

"$KTSRUN" check "$T/s.kts" >/dev/null || fail "check of a good file"
"$KTSRUN" check "$T/bad.kts" 2>"$T/err" && fail "check of a bad file passed"
[ $? -eq 1 ] || fail "check of a bad file: exit code"
grep -q "bad.kts:2:31: unknown work type 'spinn'" "$T/err" || fail "first error missing"
grep -q "bad.kts:3:14: duration wants a duration" "$T/err" || fail "second error missing"
grep -q "bad.kts: 2 errors" "$T/err" || fail "error count"

"$KTSRUN" compile -o "$T/s.bc" "$T/s.kts" || fail "compile"
"$KTSRUN" disasm "$T/s.bc" >"$T/d1" || fail "disasm of bytecode"
"$KTSRUN" disasm "$T/s.kts" >"$T/d2" || fail "disasm of source"
cmp -s "$T/d1" "$T/d2" || fail "disasm of bytecode and of source differ"
grep -q 'WORKERS          a 2' "$T/d1" || fail "param default"
"$KTSRUN" disasm -D n=3 "$T/s.kts" | grep -q 'WORKERS          a 3' || fail "-D"
"$KTSRUN" check -D m=3 "$T/s.kts" 2>"$T/err" && fail "-D of an unknown param passed"
grep -q "did you mean 'n'" "$T/err" || fail "-D suggestion"

printf 'X' | dd of="$T/s.bc" bs=1 seek=60 conv=notrunc 2>/dev/null
"$KTSRUN" disasm "$T/s.bc" 2>"$T/err" && fail "corrupt bytecode accepted"
grep -q "checksum mismatch" "$T/err" || fail "corrupt bytecode message"

"$KTSRUN" fmt --check "$T/s.kts" >/dev/null && fail "fmt --check of an unformatted file"
"$KTSRUN" fmt -w "$T/s.kts" || fail "fmt -w"
"$KTSRUN" fmt --check "$T/s.kts" || fail "fmt -w did not format"
grep -q 'a.work_units > 0' "$T/s.kts" || fail "fmt layout"
"$KTSRUN" fmt "$T/bad.kts" >/dev/null || fail "fmt of a file with semantic errors"
exit 0
