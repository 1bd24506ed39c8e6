#!/bin/sh
# Loops in functions in pipelines in substitutions.
squares() { for i in $(seq $1); do echo $(( i * i )); done; }
echo "sum: $(squares 5 | { s=0; while read n; do s=$((s + n)); done; echo $s; })"
out=$(for w in c a b; do echo $w; done | sort | tr '\n' ,)
echo "$out"
if [ "$(squares 3 | tail -n 1)" = 9 ]; then echo nine; fi
