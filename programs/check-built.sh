#!/bin/sh
# check-built.sh - checks that the committed bin/ is what the sources
# give: rebuilds everything into a temporary directory and compares
# every file byte for byte, in both directions (a stale, a missing and
# an extra file all fail). CI runs it through `make check-stale`.
#
# Usage: ./check-built.sh   (from anywhere; it works in its own folder)
# Exit status: 0 if bin/ matches, 1 if not, 2 if the build failed.
set -eu
cd "$(dirname "$0")"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT INT TERM

if ! make -s BUILD="$scratch/build" BIN="$scratch/bin" all >"$scratch/log" 2>&1; then
	cat "$scratch/log" >&2
	echo "check-built: the build failed (is gcc-riscv64-unknown-elf with picolibc installed?)" >&2
	exit 2
fi

status=0
for f in $(cd "$scratch/bin" && find . -type f | sort); do
	if [ ! -f "bin/$f" ]; then
		echo "missing from bin/: ${f#./} (run make -C programs and commit it)"
		status=1
	elif ! cmp -s "bin/$f" "$scratch/bin/$f"; then
		echo "stale: bin/${f#./} differs from what the sources give (run make -C programs)"
		status=1
	fi
done
for f in $(cd bin && find . -type f | sort); do
	if [ ! -f "$scratch/bin/$f" ]; then
		echo "extra in bin/: ${f#./} (no source builds it; delete it)"
		status=1
	fi
done
[ "$status" -eq 0 ] && echo "check-built: bin/ matches the sources"
exit "$status"
