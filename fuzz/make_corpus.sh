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
echo "corpus: $(ls "$F" | wc -l) sources, $(ls "$V" | wc -l) bytecode seeds in $out"
