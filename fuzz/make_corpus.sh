#!/bin/sh
# Seed corpora for the fuzzers, generated (never committed) from the golden
# cases and the stdlib: sources for the front end, their bytecode for the
# verifier (plain, and with the 'R' prefix that asks for a fixed header).
# Usage: fuzz/make_corpus.sh OUTDIR   (KTSRUN names the compiler to use)
set -eu
out=${1:?usage: fuzz/make_corpus.sh OUTDIR}
case $out in /*) ;; *) out=$PWD/$out ;; esac
KTSRUN=${KTSRUN:-build/ktsrun}
case $KTSRUN in /*) ;; *) KTSRUN=$PWD/$KTSRUN ;; esac
F=$out/frontend V=$out/verify
rm -rf "$F" "$V"
mkdir -p "$F" "$V"
awk -v dir="$F" '
	/^%%TEST / { name = $2; out = dir "/" name ".kts"; body = 1; next }
	/^%%(DISASM|FAIL)$/ { body = 0; next }
	/^%%/ { next }
	body { print > out }
' tests/golden/*.test
cp stdlib-scenarios/*.kts "$F/"
here=$PWD
for s in "$F"/*.kts; do
	b="$V/$(basename "$s" .kts).bc"
	# golden cases include files relative to tests/golden
	if (cd tests/golden && "$KTSRUN" compile -o "$b" "$s") 2>/dev/null; then
		{ printf R; cat "$b"; } >"$b.r"
	fi
done
cd "$here"
# the channel: side byte, 'F', u16 type (little endian), payload (fuzz_chan.c)
C=$out/chan
rm -rf "$C"
mkdir -p "$C"
printf 'gF\001\001id=1\ndata=abc\n' >"$C/ping"
printf 'gF\002\001id=2\n' >"$C/dump"
printf 'gF\001\001id=3\nx=1\n' >"$C/stray"
printf 'gF\001\001id=0\n' >"$C/id0"
printf 'hF\017\000id=1\nreq=ping\nstatus=ok\nseq=0\nend=1\nrx_bad=0\ntext=abc\n' >"$C/reply"
printf 'hF\017\000id=2\nreq=dump\nstatus=ok\nseq=0\nend=0\nrx_bad=0\ntext=a\\nb\n' >"$C/chunk"
printf 'hF\017\000id=9\nreq=dump\nstatus=error\nseq=0\nend=1\nrx_bad=3\ntext=\n' >"$C/stranger"
printf 'hKTSF\017\000\000\000\377\377' >"$C/raw"
# verifier logs: the unit tests' shapes (host/sched/sched_vlog.h)
L=$out/vlog
rm -rf "$L"
mkdir -p "$L"
printf '0: (b7) r1 = 0 ; R1_w=0\n1: (07) r1 += 1 ; R1_w=1\n2: (a5) if r1 < 0x3 goto pc-2\n1: (07) r1 += 1 ; R1_w=2\n2: (a5) if r1 < 0x3 goto pc-2\n3: (95) exit\n' >"$L/loop"
printf 'from 9 to 1: R2=0\n1: (b7) r1 = 0\n2: (07) r1 += 1\n2: (07) r1 += 1\nfrom 9 to 1: R2=1\n1: (b7) r1 = 0\n2: (07) r1 += 1\n2: (07) r1 += 1\n5: R0 invalid\n' >"$L/nested"
printf "libbpf: prog 'e': BPF program load failed: Permission denied\nlibbpf: prog 'e': -- BEGIN PROG LOAD LOG --\n0: (95) exit\n-- END PROG LOAD LOG --\n" >"$L/libbpf"
printf 'ktsrun-verifier: prog=a type=struct_ops verified_insns=4 processed=4 states=0 peak_states=0\nktsrun-verifier: done\n' >"$L/hook"
# the COM2 stream: 'F', then records as u8 type, u16 length (little endian),
# payload (fuzz_stream.c); the payloads are what guest/ and work/rec.c write
S=$out/stream
rm -rf "$S"
mkdir -p "$S"
rec() {
	n=$(printf '%b' "$2" | wc -c)
	printf "\\$(printf %03o "$1")\\$(printf %03o $((n % 256)))\\$(printf %03o $((n / 256)))"
	printf '%b' "$2"
}
hello='mode=run\nrelease=6.12.117\nsched_ext=1\nscx_state=enabled\nscx_ops=simple\nncpus=2\nnnodes=1\n'
cpu0='cpu=0\nonline=1\npackage=0\ndie=0\ncore=0\nsmt=0\npackage_cpus=0-1\nllc=0-1\nllc_level=3\nnode=0\n'
cpu1='cpu=1\nonline=1\npackage=0\ndie=0\ncore=1\nsmt=1\npackage_cpus=0-1\nllc=0-1\nllc_level=3\nnode=0\n'
node='node=0\ncpus=0-1\ndistance=10\n'
worker='id=0\nset=a\nwork=spin\npid=42\nstate=done\nfate=ran\nunits=1234\niters=1200\naux=3\nstart_ns=1000000\nend_ns=401000000\nlast_ns=400999000\nwall_ns=400000000\ncpu_ns=390000000\nmax_gap_ns=5000000\nmax_gap_at_ns=200000000\nmax_gap_cpu=1\nmax_gap_from_cpu=0\nwake_n=10\nwake_p50_ns=1000\nwake_p90_ns=2000\nwake_p99_ns=9000\nwake_max_ns=9000\ncpus=0-1\nmigrations=4\nvcsw=5\nivcsw=6\nrun_delay_ns=8000\nslices=9\nnr_migrations=7\n'
step='step=1\nname=grow\nt_ns=200000000\n'
cg='name=a\npath=/sys/fs/cgroup/ktsrun/a\nusage_us=1\nuser_us=1\nsystem_us=0\nnr_periods=0\nnr_throttled=0\nthrottled_us=0\ncpus_effective=0-1\n'
{ printf F; rec 1 "$hello"; rec 2 "$cpu0"; rec 2 "$cpu1"; rec 3 "$node"; rec 9 "$step"; rec 8 "$worker"
  rec 10 "$cg"; rec 5 'status=0\n'; } >"$S/run"
{ printf F; rec 1 "$hello"; rec 12 'event=started\npath=/sched/scx_qmap\n'
  rec 12 'event=enabled\nops=qmap\nload_ms=2100\n'; rec 13 'src=stderr\nseq=0\nend=1\ntext=a\\nb\n'
  rec 12 'event=result\nkind=stall\nwhy=watchdog: x\nops=qmap\nreason=runnable task stall\nmsg=m\ntask=t\nexit_code=0\nexit_signal=0\nkilled=0\nload_ms=1\nenabled_ms=2\n'
  rec 4 'where=x\nerrno=5\nmsg=failed\n'; } >"$S/sched"
{ printf F; rec 11 'reason=needs 2 llcs\n'; rec 7 'msg=knob a = 1\n'; rec 14 'name=minimal\nresult=pass\nms=380\nreason=\n'; } >"$S/skip"
# a raw stream: garbage, a header that claims too much, a cut-off frame
printf 'garbage KTSKTSF\001\000\000\000\377\377\377\377KTSF\010\000\000\000\020\000\000\000id=1' >"$S/raw"
# the topology spelling and presets (fuzz_topo.c)
T=$out/topo
rm -rf "$T"
mkdir -p "$T"
for s in 2n4l2c2t 4c 1n3l3c1t 8n8l4c4t tiny-1llc numa4-ring 0n1l; do printf '%s' "$s" >"$T/$s"; done
# kernel configs (fuzz_kconfig.c): plain, as IKCONFIG, in a gzip payload, a fragment
K=$out/kconfig
rm -rf "$K"
mkdir -p "$K"
cfg='CONFIG_SCHED_CLASS_EXT=y\nCONFIG_BPF_SYSCALL=y\n# CONFIG_DRM is not set\nCONFIG_CMDLINE="a b"\r\nCONFIG_HZ=1000 \n'
printf '%b' "$cfg" >"$K/plain"
cat kconfig/ktsrun.kconfig >"$K/fragment-as-config"
{ printf z; printf '%b' "$cfg"; } >"$K/ikconfig"
{ printf Z; printf '%b' "$cfg"; } >"$K/bzimage"
{ printf f; cat kconfig/ktsrun.kconfig; } >"$K/fragment"
{ printf i; printf 'IKCFG_ST'; printf '%b' "$cfg" | gzip -c; printf 'IKCFG_ED'; } >"$K/image"
# --matrix files (fuzz_matrix.c)
M=$out/matrix
rm -rf "$M"
mkdir -p "$M"
printf 'presets:\n  - name: odd-9llc\n    topology: 1n9l1c1t\n    tags: [odd, ours]\n  - name: two\n    topology: 2n2l1c1t\n    distances: [[10, 21], [21, 10]]\nuse: smt, numa, odd-9llc\nschedulers:\n  - scx_simple\n  - { name: scx_qmap, args: "-t 2" }\nkernels: [6.12.117]\nbudget: 20m\njobs: 2\n' >"$M/full.yaml"
printf 'a: &x [1]\nb: *x\n' >"$M/alias.yaml"
# result files (fuzz_report.c): each fixture alone, and two side by side
R=$out/report
rm -rf "$R"
mkdir -p "$R"
set -- tests/fixtures/report/*.json
for f; do cp "$f" "$R/"; done
if [ $# -ge 2 ]; then { cat "$1"; printf '\0'; cat "$2"; } >"$R/pair"; fi
echo "corpus: $(ls "$S" "$T" "$K" "$M" "$R" | wc -l) host-reader seeds in $out"
echo "corpus: $(ls "$F" | wc -l) sources, $(ls "$V" | wc -l) bytecode seeds, $(ls "$C" | wc -l) channel seeds, $(ls "$L" | wc -l) verifier logs in $out"
