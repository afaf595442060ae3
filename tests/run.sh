#!/bin/sh
# Run test suites and end with one line: "tests: N passed, N failed, N skipped".
#   tests/run.sh [SUITE...]    SUITE: unit, cli, e2e (default: all three)
#   unit  the unit binary (sanitizers on): C unit tests and the golden cases
#   cli   tests/cli/*.sh: the command line without a VM (no root, no kernel)
#   e2e   tests/e2e/*.sh: real VMs (a kernel cached: make kernel)
# A script exits 0 to pass, 77 to skip (it must say why), else fails.
# TESTS=REGEX keeps the scripts whose name matches (unit is not filtered).
O=${O:-build}
export O
case $O in /*) KTSRUN="$O/ktsrun" ;; *) KTSRUN="$PWD/$O/ktsrun" ;; esac
export KTSRUN
passed=0 failed=0 skipped=0 failures=""

run_unit() {
	echo "== unit"
	out=$("$O/tests/unit" 2>&1)
	st=$?
	printf '%s\n' "$out" | grep -v '^ok  '
	u=$(printf '%s\n' "$out" | sed -n 's/^unit: \([0-9]*\) passed, \([0-9]*\) failed$/\1 \2/p')
	if [ -z "$u" ]; then
		echo "unit test binary did not finish (exit $st)"
		failed=$((failed + 1)) failures="$failures unit"
		return
	fi
	set -- $u
	passed=$((passed + $1)) failed=$((failed + $2))
	[ "$2" -eq 0 ] && [ "$st" -ne 0 ] && failed=$((failed + 1)) failures="$failures unit(exit $st)"
	[ "$2" -ne 0 ] && failures="$failures unit"
}

run_scripts() {
	for t in tests/"$1"/*.sh; do
		[ -e "$t" ] || continue
		name=$(basename "$t" .sh)
		if [ -n "$TESTS" ] && ! echo "$name" | grep -q "$TESTS"; then continue; fi
		echo "== $1 $name"
		start=$(date +%s)
		sh "$t"
		st=$?
		dur=$(($(date +%s) - start))
		case $st in
		0) passed=$((passed + 1)); echo "ok   $1 $name (${dur}s)" ;;
		77) skipped=$((skipped + 1)); echo "SKIP $1 $name (${dur}s)" ;;
		*) failed=$((failed + 1)); failures="$failures $name"; echo "FAIL $1 $name (exit $st, ${dur}s)" ;;
		esac
	done
}

[ $# -eq 0 ] && set -- unit cli e2e
for s in "$@"; do
	case $s in
	unit) run_unit ;;
	cli | e2e) run_scripts "$s" ;;
	*) echo "tests/run.sh: unknown suite '$s' (unit, cli, e2e)" >&2; exit 2 ;;
	esac
done

[ -n "$failures" ] && echo "failed:$failures"
echo "tests: $passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
