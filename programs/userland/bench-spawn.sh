#!/bin/sh
# bench-spawn.sh - fork+exec+wait latency from the shell: runs the external
# `true` (not the builtin) 200 times. TRUE names it (default /bin/true); under
# qemu-riscv32 point it at the rv32 minibox's `true` link.
t=${TRUE:-/bin/true}
i=0
while [ $i -lt 200 ]; do
	$t
	i=$((i + 1))
done
echo "ran $i"
