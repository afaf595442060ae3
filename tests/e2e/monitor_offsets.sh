# ktsrun kernel offsets against pahole (dwarves), which reads the same
# vmlinux's DWARF: every struct.member line must agree in offset and size,
# and every symbol with nm. No VM. Skips (77) when no kernel is cached.
. tests/lib.sh
if ! "$KTSRUN" kernel show > "$T/show" 2>&1; then
	echo "  SKIP: no kernel cached ($(head -1 "$T/show")); 'ktsrun kernel build' makes one"
	exit 77
fi
V=$(sed -n 's/^vmlinux=//p' "$T/show")
if [ -z "$V" ]; then
	echo "  SKIP: the kernel has no vmlinux beside it"
	exit 77
fi
for tool in pahole nm; do
	command -v $tool > /dev/null || { echo "  SKIP: $tool missing ('make deps': dwarves, binutils)"; exit 77; }
done

expect_exit 0 "$KTSRUN" kernel offsets || finish
cp "$T/out" "$T/offsets"
grep -q ' missing: ' "$T/offsets" && fail "members missing in the cached kernel: $(grep ' missing: ' "$T/offsets")"

# pahole -F dwarf: DWARF, not the BTF we read, so the check is independent.
# Each class once; members may sit in anonymous unions (pahole prints
# offsets from the outer struct then too).
structs=$(sed -n 's/^\([a-z_]*\)\.[a-z_.]* [0-9]* [0-9]*$/\1/p' "$T/offsets" | sort -u | tr '\n' ,)
pahole -F dwarf -C "${structs%,}" "$V" > "$T/pahole" 2> "$T/pahole.err" ||
	{ fail "pahole failed: $(head -1 "$T/pahole.err")"; finish; }

# member OFFSET SIZE TYPE of struct S: "S member": from pahole's
# "<type> <name>[...] [__attribute__...]; /* off size */" lines, top level
# of S's block only for named types; the type is what a path continues in.
member() {
	awk -v s="$1" -v m="$2" '
		$1 == "struct" && $2 == s && $3 == "{" { in_s = 1; depth = 0; next }
		in_s && /{/ { depth++ }
		in_s && /^}/ { exit }
		in_s && /}/ { depth-- }
		in_s {
			line = $0
			if (match(line, "[ \t*]" m "(\\[[0-9]+\\])?( __attribute__[^;]*)?;")) {
				c = line; sub(/.*\/\*[ \t]*/, "", c); sub(/[ \t]*\*\/.*/, "", c)
				split(c, n, /[ \t]+/)
				t = line; sub(/^[ \t]*/, "", t)
				split(t, w, /[ \t]+/)
				ty = (w[1] == "struct" || w[1] == "union") ? w[2] : w[1]
				print n[1], n[2], ty
				exit
			}
		}' "$T/pahole"
}

checked=0
while read -r name off size; do
	case "$off" in [0-9]*) ;; *) continue ;; esac
	case "$name" in *.*) ;; *) continue ;; esac
	s=${name%%.*} path=${name#*.} total=0 last=""
	while :; do
		m=${path%%.*}
		r=$(member "$s" "$m")
		[ -n "$r" ] || break
		set -- $r
		total=$((total + $1)) last=$2 s=$3
		[ "$path" = "$m" ] && break
		path=${path#*.}
		# a nested struct needs its own block in the pahole output
		grep -q "^struct $s {" "$T/pahole" || pahole -F dwarf -C "$s" "$V" >> "$T/pahole"
	done
	if [ -z "$last" ]; then
		fail "$name: pahole has no such member"
	elif [ "$total" != "$off" ] || [ "$last" != "$size" ]; then
		fail "$name: kernel offsets says $off $size, pahole $total $last"
	else
		checked=$((checked + 1))
	fi
done < "$T/offsets"
[ "$checked" -gt 10 ] && pass "$checked members agree with pahole" || fail "only $checked members checked"

nm "$V" > "$T/nm"
nsym=0
while read -r name addr; do
	case "$addr" in 0x*) ;; *) continue ;; esac
	want=$(awk -v n="$name" '$3 == n { print $1; exit }' "$T/nm")
	if [ "$(printf '%016x' "$addr")" = "$want" ]; then nsym=$((nsym + 1)); else fail "$name: $addr, nm says $want"; fi
done < "$T/offsets"
[ "$nsym" -gt 10 ] && pass "$nsym symbols agree with nm" || fail "only $nsym symbols checked"

expect_exit 2 "$KTSRUN" kernel offsets --kernel /dev/null && expect_out "is not a file"
# a bzImage beside a vmlinux that is not one: one line, exit 2
mkdir "$T/k"
cp "$(sed -n 's/^bzimage=//p' "$T/show")" "$T/k/bzImage"
echo junk > "$T/k/vmlinux"
expect_exit 2 "$KTSRUN" kernel offsets --kernel "$T/k/bzImage" && expect_out "no BTF (BPF object format invalid)"
rm "$T/k/vmlinux"
expect_exit 2 "$KTSRUN" kernel offsets --kernel "$T/k/bzImage" && expect_out "has no vmlinux beside it"
expect_exit 2 "$KTSRUN" kernel offsets --frobnicate && expect_out "the only option is --kernel"
finish
