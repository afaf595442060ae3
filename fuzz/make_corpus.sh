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
echo "corpus: $(ls "$F" | wc -l) sources, $(ls "$V" | wc -l) bytecode seeds, $(ls "$C" | wc -l) channel seeds, $(ls "$L" | wc -l) verifier logs in $out"
