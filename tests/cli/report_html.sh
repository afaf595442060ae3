# ktsrun report --html on real results (tests/fixtures/report/: a scx_qmap
# stall on 2 CPUs with every member the HTML draws, and steady under EEVDF
# on 1n2l1c1t from before those members), and on a copy whose names are
# markup, in headless Chromium: no console line, one cell per variant, one
# lane per CPU, no script. Skipped (77) without chromium; make check
# installs it (tools/packages.txt).
. tests/lib.sh
. tests/lib_html.sh
O=${O:-build}
case $O in /*) ;; *) O=$PWD/$O ;; esac
F=$PWD/tests/fixtures/report
if ! html_have_chromium; then
	echo "  SKIP: no chromium (Debian's chromium package; make deps installs it)"
	exit 77
fi
# the variant name keeps no '/' (doc/reports.md); cgroup and worker-set names keep everything
evil='</script><svg onload=alert(1)><script>alert(2)</script>'
sed -e "s#\"scenario\":\"steady\"#\"scenario\":\"$evil\"#" -e "s#\"name\":\"a\",#\"name\":\"a$evil\",#" \
	-e "s#\"set\":\"a\"#\"set\":\"a$evil\"#" "$F/qmap_stall.json" > "$T/evil.json"
grep -q 'svg onload' "$T/evil.json" || fail "the hostile copy has no hostile name"

expect_exit 0 "$KTSRUN" report "$F/qmap_stall.json" "$F/steady_2llc.json" "$T/evil.json" --html "$T/r.html"
xmllint --noout "$T/r.html" 2> "$T/xmllint" && pass "well-formed" || fail "not well-formed: $(head -3 "$T/xmllint")"
grep -q '&lt;/script&gt;&lt;svg onload=alert(1)&gt;' "$T/r.html" && pass "the hostile name is text" ||
	fail "the hostile name is not in the report as text"
html_check_console_works
html_check "$T/r.html" 3 "2 2 2" report_html
# the stall: the monitor's first violation on CPU 0's lane, before the start
grep -q "monitor&apos;s first sustained violation: max_runnable_wait on CPU 0 at -3.68 s" "$T/r.html" &&
	pass "the stall is drawn on CPU 0 at -3.68 s" || fail "no stall marker on CPU 0"
grep -q '>LLC 1: CPUs 1-1</text>' "$T/r.html" && pass "1n2l1c1t has two LLC groups (from the spelling)" ||
	fail "no second LLC group for 1n2l1c1t"

expect_exit 2 "$KTSRUN" report "$F/qmap_stall.json" --html "$T/nodir/r.html" && expect_out "cannot write there"
# written whole, then renamed: a rename that fails (OUT is a directory) leaves nothing
mkdir "$T/adir"
expect_exit 2 "$KTSRUN" report "$F/qmap_stall.json" --html "$T/adir" && expect_out "^ktsrun: error: --html $T/adir: cannot write"
[ -z "$(ls "$T" | grep '^adir.')" ] && pass "no temporary file left" || fail "a temporary file was left: $(ls "$T")"
finish
