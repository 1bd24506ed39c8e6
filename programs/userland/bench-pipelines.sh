#!/bin/sh
# bench-pipelines.sh - issue 13's shell target: 100 command substitutions, each
# a 3-stage pipeline (300 fork+execs of small applets), in one script. Run with
# minibox as /bin/sh (see BENCHMARKS.md for the commands that time it natively,
# under emu and under qemu-riscv32). Prints a checksum so that every run can be
# checked for the same answer.
i=1
sum=0
while [ $i -le 50 ]; do
	letters=$(echo $i | tr 0-9 a-j | rev)
	ones=$(seq $i | grep 1 | wc -l)
	sum=$((sum + ones + ${#letters}))
	i=$((i + 1))
done
echo "checksum $sum"
