#!/bin/sh
# while and until loops, break and continue.
i=0
while [ $i -lt 10 ]; do
	i=$((i + 1))
	[ $i -eq 3 ] && continue
	[ $i -eq 6 ] && break
	echo "w$i"
done
j=3
until [ $j -eq 0 ]; do echo "u$j"; j=$((j - 1)); done
