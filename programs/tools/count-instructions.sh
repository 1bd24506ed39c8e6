#!/bin/sh
# count-instructions.sh - counts the guest instructions a program retires
# under qemu-riscv32, for sizing workloads (qemu has no counter of its
# own without TCG plugins, which Debian does not ship).
#
# Usage: tools/count-instructions.sh prog.elf [args...]
#
# How: "-d in_asm" logs each translation block's instructions once,
# "-d exec" logs every execution of a block, and "nochain" stops qemu
# from chaining blocks together, which would hide executions from the
# log. The count is the sum, over executions, of the block's length. A
# block cut short by a fault is still counted whole, so a faulting
# program's count may be a few instructions high. Slow: about 1 s per
# 10 million guest instructions.
set -eu
qemu-riscv32 -d in_asm,exec,nochain -D /dev/stderr "$@" 2>&1 >/dev/null |
awk '
	# in_asm: "IN: symbol" then "0x00010094:  00000513  addi a0,zero,0" lines.
	# A block translated again replaces its old length, not adds to it.
	/^IN:/ { block = ""; n = 0; next }
	/^0x[0-9a-f]+:  / {
		addr = substr($1, 1, length($1) - 1)
		if (block == "") block = addr
		size[block] = ++n
		next
	}
	/^$/ { block = ""; next }
	# exec: "Trace 0: 0x7f... [00000000/00010094/...] symbol"
	/^Trace/ {
		split($0, f, "/")
		total += size["0x" f[2]]
	}
	END { printf "%d\n", total }
'
