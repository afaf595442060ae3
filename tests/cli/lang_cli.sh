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

# bad input of each kind: exit 1, one line naming FILE:LINE:COL
printf 'scenario lim {\n    duration 100000000000000000000000000h\n    topology 2n3l2c1t\n    cgroup a { workers 2 work bursty(burst = 1ms, burst = 2ms) }\n    cgroup b { workers 1 work spin cpuset "3-1" }\n    cgroup c { workers 1 work spin cpuset "0-99999999" }\n}\n' >"$T/lim.kts"
"$KTSRUN" check "$T/lim.kts" 2>"$T/err" && fail "check of out-of-range values passed"
[ $? -eq 1 ] || fail "check of out-of-range values: exit code"
grep -q "lim.kts:2:14: 100000000000000000000000000h is out of range: durations go up to 24h" "$T/err" || fail "duration overflow"
grep -q "lim.kts:3:14: topology '2n3l2c1t': 3 LLCs cannot be split evenly over 2 nodes" "$T/err" || fail "topology line"
grep -q "lim.kts:4:51: parameter 'burst' is already given at column 38" "$T/err" || fail "parameter twice"
grep -q 'lim.kts:5:43: bad cpuset "3-1": range 3-1 goes down' "$T/err" || fail "cpuset order"
grep -q 'lim.kts:6:43: bad cpuset "0-99999999": 99999999 is past 255' "$T/err" || fail "cpuset bound"
grep -q "lim.kts: 5 errors" "$T/err" || fail "limit error count"
python3 -c "print('scenario deep {\n    duration ' + '(' * 20000 + '1s' + ')' * 20000 + '\n}')" >"$T/deep.kts"
"$KTSRUN" check "$T/deep.kts" 2>"$T/err" && fail "check of a deep expression passed"
grep -q "deep.kts:2:77: nested more than 64 levels deep" "$T/err" || fail "nesting limit"
grep -q "memory exhausted" "$T/err" && fail "bison's message leaked"
"$KTSRUN" check "$T/s.bc" 2>"$T/err" && fail "check of bytecode passed"
grep -q "s.bc is compiled bytecode, not source: run or disasm take it as it is" "$T/err" || fail "check of bytecode"
"$KTSRUN" check "$KTSRUN" 2>"$T/err" && fail "check of a binary passed"
[ "$(wc -l <"$T/err")" -le 2 ] || fail "a binary file gives more than one error"
"$KTSRUN" check /dev/null 2>"$T/err" && fail "check of a device passed"
grep -q "/dev/null: not a regular file" "$T/err" || fail "check of a device: message"
head -c 1100000 /dev/zero | tr '\0' ' ' >"$T/big.kts"
"$KTSRUN" check "$T/big.kts" 2>"$T/err" && fail "check of a 1.1 MB file passed"
grep -q "big.kts: larger than 1 MiB, the limit of a source file" "$T/err" || fail "size limit message"

"$KTSRUN" fmt --check "$T/s.kts" >/dev/null && fail "fmt --check of an unformatted file"
"$KTSRUN" fmt -w "$T/s.kts" || fail "fmt -w"
"$KTSRUN" fmt --check "$T/s.kts" || fail "fmt -w did not format"
grep -q 'a.work_units > 0' "$T/s.kts" || fail "fmt layout"
"$KTSRUN" fmt "$T/bad.kts" >/dev/null || fail "fmt of a file with semantic errors"
# the stdlib is in the canonical layout
"$KTSRUN" fmt --check stdlib-scenarios/*.kts || fail "stdlib not formatted (ktsrun fmt -w)"

# list: the name column is as wide as the longest name, so columns align
printf 'scenario a_scenario_name_of_32_chars "d" {\n    duration 1s\n    cgroup a {\n        workers 1\n        work spin\n    }\n}\n' >"$T/long.kts"
"$KTSRUN" list "$T/long.kts" stdlib-scenarios/steady.kts >"$T/list" 2>/dev/null || fail "list"
[ "$(awk '{ print index($0, $2) }' "$T/list" | sort -u | wc -l)" = 1 ] || fail "list columns do not align: $(cat "$T/list")"
exit 0
