# ktsrun --gauntlet end to end: --list without booting, three variants of a
# short scenario (one skipped by its requires before any boot, two run with
# their topology checked), the matrix, JSON, JUnit validated by xmllint,
# TAP, the cost file; shards that together make the whole; bad inputs.
. tests/lib.sh
need_kernel
E=tests/e2e/gauntlet

# --list: the whole stdlib over every preset, nothing booted
expect_exit 0 "$KTSRUN" --gauntlet stdlib-scenarios --presets tiny,smt,llc,numa,large,max,odd,asym --list &&
	expect_out "variants ($(ls stdlib-scenarios/*.kts | wc -l) scenarios): "
expect_out "max-cpu/eevdf .* skip .*does not fit: needs APIC IDs up to 433"
expect_out "cpuset_resize/one-cpu/eevdf .* skip .*requires llcs >= 2"

snapshot_leftovers
if expect_exit 0 "$KTSRUN" run --gauntlet "$E/tiny.kts" --json "$T/g.json" --junit "$T/g.xml" \
	--tap "$T/g.tap" --costs "$T/costs.json"; then
	expect_out "^PASS          g_tiny (2n2l2c1t, "
	expect_out "^PASS          g_tiny (1n2l2c1t, "
	expect_out "^g_tiny  *PASS  *PASS$"
	expect_out "^SKIP for every scenario (--list says why): one-cpu$"
	expect_out "3 variants: 2 pass, 0 fail, 0 inconclusive, 0 error, 1 skip; 0 left out"
	[ "$(jq -r '[.results[].variant] | join(" ")' "$T/g.json")" = \
		"g_tiny/llc2/eevdf g_tiny/one-cpu/eevdf g_tiny/numa2-asym/eevdf" ] &&
		pass "json: the three variants in order" || fail "json variants: $(jq -c '[.results[].variant]' "$T/g.json")"
	[ "$(jq -r '.results[] | select(.preset == "one-cpu") | .booted' "$T/g.json")" = false ] &&
		pass "json: the skipped variant never booted" || fail "json: one-cpu booted"
	xmllint --noout --schema tests/junit.xsd "$T/g.xml" 2> "$T/xmllint" &&
		pass "junit validates" || fail "junit: $(cat "$T/xmllint")"
	grep -q '<skipped message="requires cpus &gt;= 2"/>' "$T/g.xml" && pass "junit: skipped with its reason" ||
		fail "junit skipped"
	grep -q '^1\.\.3$' "$T/g.tap" && grep -q '^ok 2 - g_tiny/one-cpu/eevdf # SKIP requires cpus >= 2$' "$T/g.tap" &&
		pass "tap" || fail "tap: $(cat "$T/g.tap")"
	[ "$(jq '.variants | length' "$T/costs.json")" = 2 ] && pass "cost file has the two that ran" ||
		fail "cost file: $(cat "$T/costs.json")"
fi
check_leftovers

# the same gauntlet in two shards, merged: the same variants as the whole run;
# shard 1 on a terminal (script(1)), which gets a progress line per variant;
# shard 2 one VM at a time (-j 1: its output is not held back)
expect_exit 0 script -qec "$KTSRUN --gauntlet $E/tiny.kts --shard 1/2 --json $T/s1.json" /dev/null &&
	expect_out "gauntlet: 1/1 done, 1 pass, 0 fail, 0 error, 0 skip; ETA 0s"
expect_exit 0 "$KTSRUN" --gauntlet "$E/tiny.kts" --shard 2/2 -j 1 --json "$T/s2.json" &&
	{ grep -q "done, .* pass" "$T/out" && fail "a progress line without a terminal" || pass "no progress lines into a file"; }
if expect_exit 0 "$KTSRUN" report merge "$T/s1.json" "$T/s2.json" -o "$T/m.json"; then
	[ "$(jq -r '[.results[].variant] | sort | join(" ")' "$T/m.json")" = \
		"$(jq -r '[.results[].variant] | sort | join(" ")' "$T/g.json")" ] &&
		pass "merged shards = the whole run's variants" || fail "merge: $(jq -c '[.results[].variant]' "$T/m.json")"
	[ "$(jq -r .verdict "$T/m.json")" = PASS ] && pass "merged verdict PASS" || fail "merged verdict"
fi
expect_exit 2 "$KTSRUN" report merge "$T/s1.json" "$T/s1.json" -o "$T/m2.json" && expect_out "is in both"

# Ctrl-C (SIGINT to the whole process group, as a terminal sends it) while
# two VMs run: every child and every QEMU gone, exit 130, nothing left
snapshot_leftovers
setsid "$KTSRUN" --gauntlet "$E/tiny.kts" --presets llc2,numa2,numa4-ring -j 2 > "$T/out" 2>&1 &
g=$!
for i in $(seq 100); do # until both VMs are up (each named after its child)
	[ "$(pgrep -c -f "^qemu-system-x86_64 -name ktsrun-")" -ge 2 ] && break
	sleep 0.1
done
kids=$(pgrep -P $g)
kill -INT -$g
wait $g
st=$?
[ "$st" = 130 ] && pass "Ctrl-C: exit 130" || fail "Ctrl-C: exit $st"
for k in $kids; do
	last_pid=$k check_leftovers
	kill -0 "$k" 2> /dev/null && fail "child $k still running"
done
expect_out "not run (interrupted)"

# shards (planned only): together exactly the unsharded variants, no overlap
runs() { sed -n 's|^\([^ ]*/[^ ]*\) *run .*|\1|p' "$T/out" | sort; }
expect_exit 0 "$KTSRUN" --gauntlet stdlib-scenarios --budget 3m --list && runs > "$T/all"
: > "$T/shards"
for k in 1 2 3; do
	expect_exit 0 "$KTSRUN" --gauntlet stdlib-scenarios --budget 3m --shard $k/3 --list && runs >> "$T/shards"
done
[ -s "$T/all" ] && [ "$(sort "$T/shards")" = "$(cat "$T/all")" ] &&
	pass "3 shards = the unsharded $(wc -l < "$T/all") variants" || fail "shards differ from the whole"
[ -z "$(sort "$T/shards" | uniq -d)" ] && pass "no variant in two shards" || fail "overlap: $(sort "$T/shards" | uniq -d)"

expect_exit 2 "$KTSRUN" --gauntlet "$E/tiny.kts" --presets bogus --list &&
	expect_out "--presets: 'bogus' is neither a preset nor a tag"
expect_exit 2 "$KTSRUN" --gauntlet "$E/tiny.kts" --shard 4/3 && expect_out "expected K/N with 1 <= K <= N"
expect_exit 2 "$KTSRUN" --gauntlet "$E/tiny.kts" --topo tiny && expect_out "--topo does not go with --gauntlet"
expect_exit 2 "$KTSRUN" --gauntlet "$E/tiny.kts" --budget soon && expect_out "expected a duration"
echo '[1]' > "$T/notcosts.json"
expect_exit 2 "$KTSRUN" --gauntlet "$E/tiny.kts" --costs "$T/notcosts.json" --list &&
	expect_out "not a ktsrun cost file"
finish
