#!/bin/sh
# Install the Debian packages listed in tools/packages.txt that are missing.
# Idempotent: with everything present it only checks and says so.
# --check: only name what is missing (exit 1), never install.
set -eu
cd "$(dirname "$0")"
pkgs=$(sed -e 's/#.*//' packages.txt | tr -s ' \t' '\n' | grep -v '^$')
missing=""
for p in $pkgs; do
	st=$(dpkg-query -W -f '${Status}' "$p" 2>/dev/null || true)
	case "$st" in *" installed") ;; *) missing="$missing $p" ;; esac
done
if [ -z "$missing" ]; then
	echo "deps: all $(echo $pkgs | wc -w) packages present"
	exit 0
fi
if [ "${1:-}" = --check ] || [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing; run 'make deps' as root or install them with apt-get" >&2
	exit 1
fi
echo "deps: installing:$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2086
apt-get install -y -qq --no-install-recommends $missing
echo "deps: done"
