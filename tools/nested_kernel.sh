#!/bin/sh
# The L1 kernel of the nested test bed (tests/nested/README.md): Debian's
# cloud kernel, the version linux-image-cloud-amd64 points at today, fetched
# with apt-get download into <cache>/nested and unpacked with dpkg-deb,
# never installed. Idempotent; offline it keeps what is already unpacked.
# Prints the unpacked directory (boot/vmlinuz-*, lib/modules/*) on stdout;
# exit 1 with the reason on stderr when no L1 kernel can be had.
set -u
root=${KTSRUN_CACHE_DIR:-}
if [ -z "$root" ]; then
	case ${XDG_CACHE_HOME:-} in
	/*) root=$XDG_CACHE_HOME/ktsrun ;;
	*) root=${HOME:?set KTSRUN_CACHE_DIR or HOME}/.cache/ktsrun ;;
	esac
fi
dir=$root/nested
mkdir -p "$dir" || exit 1

# the newest already unpacked, for when the archive cannot be reached
have() {
	ls -d "$dir"/linux-image-*-cloud-amd64 2>/dev/null | sort -V | tail -n 1
}

pkg=$(apt-cache depends linux-image-cloud-amd64 2>/dev/null | sed -n 's/^ *Depends: \(linux-image-[0-9].*-cloud-amd64\)$/\1/p' | head -n 1)
if [ -z "$pkg" ]; then
	old=$(have)
	[ -n "$old" ] && { echo "$old"; exit 0; }
	echo "nested: apt-cache does not know linux-image-cloud-amd64 (no Debian archive in sources.list, or run apt-get update)" >&2
	exit 1
fi
out=$dir/$pkg
if [ -f "$out/.unpacked" ]; then
	echo "$out"
	exit 0
fi
deb=$(ls "$dir/${pkg}"_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
	echo "nested: fetching $pkg (apt-get download, about 27 MB; not installed)" >&2
	(cd "$dir" && apt-get download -q "$pkg" >/dev/null 2>"$dir/download.log")
	deb=$(ls "$dir/${pkg}"_*.deb 2>/dev/null | head -n 1)
fi
if [ -z "$deb" ]; then
	old=$(have)
	[ -n "$old" ] && { echo "nested: $pkg could not be fetched; using $old" >&2; echo "$old"; exit 0; }
	echo "nested: apt-get download $pkg failed: $(tail -n 1 "$dir/download.log" 2>/dev/null)" >&2
	exit 1
fi
rm -rf "$out.tmp"
dpkg-deb -x "$deb" "$out.tmp" || { rm -rf "$out.tmp"; echo "nested: dpkg-deb -x $deb failed" >&2; exit 1; }
ls "$out.tmp"/boot/vmlinuz-* >/dev/null 2>&1 || { rm -rf "$out.tmp"; echo "nested: $deb has no boot/vmlinuz-*" >&2; exit 1; }
touch "$out.tmp/.unpacked"
rm -rf "$out"
mv "$out.tmp" "$out"
rm -f "$deb"
echo "$out"
