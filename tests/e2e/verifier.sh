# ktsrun verifier: per-program statistics of scx_simple and scx_qmap (every
# program non-zero, the same figures in two runs and on two topologies), and
# scx_ktsr_bad's rejection with its loop collapsed. No VM left behind. 35-45 s
# under TCG at load 15.
. tests/lib.sh
need_kernel
if ! "$KTSRUN" sched list 2>/dev/null | grep -q '^scx_ktsr_bad '; then
	echo "  SKIP: no schedulers built for the kernel; run 'ktsrun sched build' (make check does)"
	exit 77
fi

# the table's rows: program type verified processed states peak [on ...]
rows() { awk 'NR > 1 && $2 == "struct_ops" { print $1, $3, $4, $5, $6 }' "$T/out"; }

for s in scx_simple scx_qmap; do
	snapshot_leftovers
	expect_exit 0 "$KTSRUN" verifier --scheduler "$s" || continue
	check_leftovers
	grep -v '^ktsrun:' "$T/out" > "$T/$s.1"
	rows > "$T/$s.rows"
	n=$(wc -l < "$T/$s.rows")
	[ "$n" -ge 5 ] && pass "$s: $n struct_ops programs" || fail "$s: only $n struct_ops programs"
	awk '$2 <= 0 || $3 <= 0 { bad = 1 } END { exit bad }' "$T/$s.rows" &&
		pass "$s: every program has verified and processed instructions" ||
		fail "$s: a program without instructions: $(cat "$T/$s.rows")"
	expect_exit 0 "$KTSRUN" verifier --scheduler "$s" || continue
	grep -v '^ktsrun:' "$T/out" > "$T/$s.2"
	cmp -s "$T/$s.1" "$T/$s.2" && pass "$s: the same table in a second run" ||
		fail "$s: the tables differ: $(diff "$T/$s.1" "$T/$s.2" | head -5)"
done
grep -q '^qmap_enqueue  *struct_ops ' "$T/scx_qmap.1" && pass "qmap_enqueue is listed" ||
	fail "no qmap_enqueue row"

# two topologies in one table: each program's rows together, the same figures
if expect_exit 0 "$KTSRUN" verifier --scheduler scx_simple --topo tiny --topo 2l1c; then
	expect_out "program .* vs first  on$"
	awk 'NR > 1 && $2 == "struct_ops" { print $1, $3, $4, $5, $6, $7, $8 }' "$T/out" > "$T/two"
	[ "$(wc -l < "$T/two")" -eq $((2 * $(wc -l < "$T/scx_simple.rows"))) ] && pass "two rows per program" ||
		fail "not two rows per program: $(cat "$T/two")"
	# name verified processed states peak vs-first topology
	awk 'NR % 2 == 1 { a = $1 " " $2 " " $3 " " $4 " " $5; t = $7; if ($6 != "base") bad = 1 }
		NR % 2 == 0 && ($1 " " $2 " " $3 " " $4 " " $5 != a || $6 != "=" || $7 == t) { bad = 1 }
		END { exit bad }' "$T/two" &&
		pass "each program's two rows stand together, from the two topologies, the same figures, '=' against the first" ||
		fail "rows not paired: $(cat "$T/two")"
fi

# the rejection: the reason, the loop before it collapsed; --raw keeps it
snapshot_leftovers
if expect_exit 1 "$KTSRUN" verifier --scheduler scx_ktsr_bad; then
	expect_out "^load failed on "
	expect_out "BPF program load failed"
	expect_out "^2 x the following 8 lines:$"
	expect_out "^  22: (05) goto pc-6$"
	expect_out "invalid mem access 'map_value_or_null'"
	check_leftovers
fi
if expect_exit 1 "$KTSRUN" verifier --scheduler scx_ktsr_bad --raw; then
	grep -q 'x the following' "$T/out" && fail "--raw collapsed the log" || pass "--raw keeps the log as it came"
	[ "$(grep -c '^22: (05) goto pc-6' "$T/out")" -eq 2 ] && pass "--raw: both iterations' jumps" ||
		fail "--raw: not two '22: goto' lines"
fi
finish
