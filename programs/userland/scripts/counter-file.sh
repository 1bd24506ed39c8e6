#!/bin/sh
# State through files across subshells and pipelines.
echo 0 > count
for i in 1 2 3 4 5; do
	( n=$(cat count); echo $((n + i)) > count )
done
cat count
seq 4 | while read n; do echo $n >> log; done
wc -l < log
