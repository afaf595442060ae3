#!/bin/sh
# Regenerate the seed corpora in tests/fuzz-corpus/ from the golden cases
# and the stdlib: sources for the front end, their bytecode for the
# verifier (plain, and with the 'R' prefix that asks for a fixed header).
set -eu
KTSRUN=${KTSRUN:-build/ktsrun}
F=tests/fuzz-corpus/frontend V=tests/fuzz-corpus/verify
rm -rf "$F" "$V"
mkdir -p "$F" "$V"
awk -v dir="$F" '
	/^%%TEST / { name = $2; out = dir "/" name ".kts"; body = 1; next }
	/^%%(DISASM|FAIL)$/ { body = 0; next }
	/^%%/ { next }
	body { print > out }
' tests/golden/*.test
cp stdlib-scenarios/*.kts "$F/"
for s in "$F"/*.kts; do
	b="$V/$(basename "$s" .kts).bc"
	if (cd tests/golden && "../../$KTSRUN" compile -o "../../$b" "../../$s") 2>/dev/null; then
		{ printf R; cat "$b"; } >"$b.r"
	fi
done
echo "corpus: $(ls "$F" | wc -l) sources, $(ls "$V" | wc -l) bytecode seeds"
