# The boot trims a kernel's own facts allow (doc/kernel.md, "What a boot
# may skip"): what `kernel show` says the image skips is what the guest's
# command line carries, and KTSRUN_BOOT turns each back.
. tests/lib.sh
need_kernel
"$KTSRUN" kernel show > "$T/show" || { fail "kernel show failed"; finish; }
ftrace=$(sed -n 's/^ftrace_clean=//p' "$T/show")
lapic=$(sed -n 's/^lapic_timer_khz=//p' "$T/show")
[ -n "$ftrace" ] && [ -n "$lapic" ] && pass "kernel show: ftrace_clean=$ftrace lapic_timer_khz=$lapic" ||
	fail "kernel show has no PVH facts: $(cat "$T/show")"
# The default kernel is ours, built from the tarball with the patch.
grep -q '^source=/usr/src/linux-source-6.12.tar.xz$' "$T/show" && [ "$lapic" != 1 ] &&
	fail "the tarball's kernel lacks the source patch's parameter"

cmdline() { sed -n 's/^.*Command line: //p' "$T/out" | head -n 1; }
for boot in "" "apiccal,initcalls"; do
	snapshot_leftovers
	if KTSRUN_BOOT=$boot expect_exit 0 "$KTSRUN" topo --topo tiny --console; then
		line=$(cmdline)
		want_lapic=$lapic want_ftrace=$ftrace
		[ -n "$boot" ] && want_lapic=0 want_ftrace=0
		case $line in *" lapic_timer_khz=1000000 "*) got_lapic=1 ;; *) got_lapic=0 ;; esac
		case $line in *",ftrace_check_for_weak_functions"*) got_ftrace=1 ;; *) got_ftrace=0 ;; esac
		[ "$got_lapic" = "$want_lapic" ] && [ "$got_ftrace" = "$want_ftrace" ] &&
			pass "KTSRUN_BOOT='$boot': lapic_timer_khz $got_lapic, weak-function scan skipped $got_ftrace" ||
			fail "KTSRUN_BOOT='$boot': command line '$line' (want lapic $want_lapic, ftrace skip $want_ftrace)"
		grep -q "Unknown kernel command line parameters.*lapic_timer_khz" "$T/out" &&
			fail "the kernel did not know lapic_timer_khz"
		grep -q "result: the guest sees exactly the declared topology" "$T/out" ||
			fail "KTSRUN_BOOT='$boot': topology mismatch"
	fi
	check_leftovers
done
finish
