# ktsrun report --html on a small real gauntlet (two scenarios on three
# presets: 3 LLCs of 2 CPUs, 2 LLCs of 2, 2 nodes) in headless Chromium: no console
# line, one matrix cell per variant, each timeline one lane per CPU of its
# topology, LLC and node groups, step markers. Six boots under TCG:
# 31 s wall at load 8, 46 s at load 14.
. tests/lib.sh
. tests/lib_html.sh
need_kernel
O=${O:-build}
case $O in /*) ;; *) O=$PWD/$O ;; esac
if ! html_have_chromium; then
	echo "  FAIL: no chromium; make check installs it (tools/packages.txt)"
	exit 1
fi

snapshot_leftovers
# steady's fairness is borderline under TCG on a loaded host: a FAIL (exit 1)
# is a verdict to draw, not this test's failure
"$KTSRUN" --gauntlet tests/e2e/gauntlet/tiny.kts stdlib-scenarios/steady.kts \
	--presets llc3,llc2,numa2-asym --json "$T/g.json" > "$T/out" 2>&1 &
last_pid=$!
wait $last_pid
st=$?
[ "$st" -le 1 ] && [ -s "$T/g.json" ] && pass "gauntlet ran (exit $st)" ||
	{ fail "gauntlet exited $st"; tail -20 "$T/out"; finish; }
check_leftovers
expect_exit 0 "$KTSRUN" report "$T/g.json" --html "$T/g.html" || finish
pass "report: $(wc -c < "$T/g.html") bytes of HTML for $(wc -c < "$T/g.json") bytes of JSON"

# the CPUs of each booted variant's topology, in the file's order
cpus=$(grep -o '"topology":"[^"]*"\|"booted":[a-z]*' "$T/g.json" |
	awk -F'"' '/topology/ { t = $4; next }
		/true/ { split(t, p, /[nlct]/); printf "%s%d", sep, p[2] * p[3] * p[4]; sep = " " }')
variants=$(grep -c '"booted":' "$T/g.json")
[ "$variants" -eq 6 ] && pass "6 variants" || fail "$variants variants, expected 6"
html_check_console_works
html_check "$T/g.html" "$variants" "$cpus" report_gauntlet
grep -q '>node 1, LLC 1: CPUs 2-3</text>' "$T/g.html" && pass "numa2-asym's lanes are grouped by node and LLC" ||
	fail "no node 1 group for numa2-asym"
grep -q '<line class="step"' "$T/g.html" && pass "step markers drawn" || fail "no step marker"
finish
