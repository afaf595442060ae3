#!/bin/sh
# Run every test: the unit binary (sanitizers on), then each tests/e2e/*.sh.
# An e2e script exits 0 to pass, 77 to skip (it must say why), else fails.
# Ends with one line: "tests: N passed, N failed, N skipped".
O=${O:-build}
export O
case $O in /*) KTSRUN="$O/ktsrun" ;; *) KTSRUN="$PWD/$O/ktsrun" ;; esac
export KTSRUN
passed=0 failed=0 skipped=0 failures=""

out=$("$O/tests/unit" 2>&1)
st=$?
printf '%s\n' "$out" | grep -v '^ok  '
u=$(printf '%s\n' "$out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
if [ -z "$u" ]; then
	echo "unit test binary did not finish (exit $st)"
	failed=$((failed + 1)) failures="$failures unit"
else
	set -- $u
	passed=$((passed + $1)) failed=$((failed + $2))
	[ "$2" -eq 0 ] && [ "$st" -ne 0 ] && failed=$((failed + 1)) failures="$failures unit(exit $st)"
	[ "$2" -ne 0 ] && failures="$failures unit"
fi

for t in tests/e2e/*.sh; do
	[ -e "$t" ] || continue
	name=$(basename "$t" .sh)
	if [ -n "$TESTS" ] && ! echo "$name" | grep -q "$TESTS"; then continue; fi
	echo "== e2e $name"
	start=$(date +%s)
	sh "$t"
	st=$?
	dur=$(( $(date +%s) - start ))
	case $st in
	0) passed=$((passed + 1)); echo "ok   e2e $name (${dur}s)" ;;
	77) skipped=$((skipped + 1)); echo "SKIP e2e $name (${dur}s)" ;;
	*) failed=$((failed + 1)); failures="$failures $name"; echo "FAIL e2e $name (exit $st, ${dur}s)" ;;
	esac
done

[ -n "$failures" ] && echo "failed:$failures"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
