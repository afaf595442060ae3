# Every work type in the VM (guest/worktest.c): each must make progress and
# report plausible telemetry. Checked here from the per-worker lines, not
# only from ktsrun's own verdict.
. tests/lib.sh
need_kernel
TYPES="spin yield mixed bursty idle_churn io_sync pipe_io futex_pingpong futex_fanout
cache_pressure cache_yield cache_pipe fork_exit nice_sweep affinity_churn policy_churn
cgroup_churn wake_chain thundering_herd mutex_contention page_fault_churn sequence exec epoll_storm priority_inversion
preempt_storm rt_starvation fan_out_compute"
# types that sleep and are woken: they must have wake-latency samples
WAKERS="bursty idle_churn pipe_io futex_pingpong futex_fanout cache_pipe fork_exit wake_chain
thundering_herd mutex_contention epoll_storm fan_out_compute"

snapshot_leftovers
if expect_exit 0 "$KTSRUN" worktest --topo tiny --workers; then
	expect_out "result: every work type made progress with plausible telemetry"
	expect_out "28 work types on 2 CPUs"
	cp "$T/out" "$T/wt"
	for t in $TYPES; do
		# table line: type workers units ...
		u=$(awk -v t="$t" '$1 == t && NF == 10 { print $3 }' "$T/wt")
		[ -n "$u" ] && [ "$u" -gt 0 ] && pass "$t: $u units" || fail "$t: no units in the table ('$u')"
	done
	# worker lines: name id state fate units wall cpu gap gap_at gcpu p50 p90 p99 max cpus ...
	awk -v ncpu=2 -v wakers=" $(echo $WAKERS) " '
	NF == 20 && $2 ~ /^[0-9]+$/ {
		n++; name = $1; seen[name]++
		if (name == "check_sigstop") { ss[++nss] = $0; next }
		if ($3 != "done" || $5 == 0) { print "no progress: " $0; bad++ }
		if ($7 > $6 * ncpu + 20000) { print "cpu > wall x cpus: " $0; bad++ }
		if ($7 > $6 + 20000) { print "cpu > wall (one thread): " $0; bad++ }
		if ($11 > $12 || $12 > $13 || $13 > $14) { print "percentiles out of order: " $0; bad++ }
		if ($8 > $6) { print "gap longer than the run: " $0; bad++ }
		if ($15 == "" || $15 ~ /[2-9]/) { print "cpus outside 0-1: " $0; bad++ }
		if (index(wakers, " " name " ") && $14 == 0) { print "no wake latency: " $0; bad++ }
		if (name == "check_freeze" && $8 < 200000) { print "freeze not visible as a gap: " $0; bad++ }
		# preempt_storm: worker 0 is the hog, worker 1 the sleeper that is woken
		if (name == "preempt_storm" && seen[name] == 2 && $14 == 0) { print "preempt_storm sleeper: no wake latency: " $0; bad++ }
		# rt_starvation: the normal worker is pinned beside the FIFO one
		if (name == "rt_starvation") { if ($15 !~ /^[0-9]+$/) { print "rt_starvation not pinned: " $0; bad++ } rt[seen[name]] = $15 }
	}
	END {
		if (nss != 2) { print "sigstop: " nss " workers"; bad++ }
		split(ss[1], a); split(ss[2], b)
		if (a[5] == 0) { print "sigstop: the running worker made no progress"; bad++ }
		if (b[5] != 0 || b[4] != "killed") { print "sigstop: stopped worker not detected: " ss[2]; bad++ }
		if (!seen["check_threads"] || !seen["check_policy"]) { print "threads or policy check missing"; bad++ }
		if (seen["rt_starvation"] != 2 || rt[1] != rt[2]) { print "rt_starvation: workers on CPUs " rt[1] " and " rt[2]; bad++ }
		print n " workers checked"
		exit bad != 0
	}' "$T/wt" > "$T/awk"
	if [ $? -eq 0 ]; then pass "$(tail -1 "$T/awk"): progress, cpu <= wall, p50<=p90<=p99<=max, freeze gap, SIGSTOP, threads, policies, preempt_storm wakes, rt_starvation pinning"
	else fail "per-worker checks:"; sed 's/^/    | /' "$T/awk" | head -20; fi
	grep '^guest:' "$T/wt" | sed 's/^/  /'
	grep 'guest run' "$T/wt" | sed 's/^/  /'
fi
check_leftovers

# usage errors need no VM
expect_exit 2 "$KTSRUN" worktest --timeout 0 && expect_out "expected a whole number from 1 to 86400"
expect_exit 2 "$KTSRUN" worktest extra && expect_out "unexpected argument 'extra'"
finish
