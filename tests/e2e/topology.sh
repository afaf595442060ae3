# Boot the cached kernel on shapes that each stress one part of the topology
# and require the guest to see exactly what was declared, field by field.
. tests/lib.sh
need_kernel
# One-LLC shapes boot QEMU's microvm machine, the others pc (doc/vmm.md);
# KTSRUN_BOOT=pc runs them all on pc.
for shape in \
	1n1l2c1t `# one LLC, two cores (microvm)` \
	1n1l2c2t `# one LLC with SMT (microvm)` \
	1n1l4c1t `# one LLC, no SMT` \
	1n2l2c2t `# two LLCs with SMT` \
	1n3l2c1t `# three LLCs` \
	2n2l2c1t `# two NUMA nodes` \
	2n4l2c2t `# two nodes x two LLCs each, SMT` \
	1n2l4c1t `# eight vCPUs` \
	2n4l4c2t `# 32 vCPUs`; do
	snapshot_leftovers
	if expect_exit 0 "$KTSRUN" topo --topo "$shape"; then
		grep -q "result: the guest sees exactly the declared topology" "$T/out" &&
			grep -q "guest RAM mapped by the host: verified" "$T/out" &&
			pass "$shape: $(grep '^boot:' "$T/out" | sed 's/;.*//')" ||
			fail "$shape: exit 0 without the match and memory lines"
	fi
	check_leftovers
done
# A mismatch must be caught: the guest of 1n2l2c1t compared against 1n1l4c1t
# is not something the CLI can produce, so the unit tests cover it
# (topocmp_match_and_each_kind_of_difference).
finish
