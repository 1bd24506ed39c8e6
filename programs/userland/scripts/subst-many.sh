#!/bin/sh
# Many substitutions in a loop.
i=0; total=0
while [ $i -lt 30 ]; do
	total=$(( total + $(echo $i) ))
	i=$(( i + 1 ))
done
echo "total $total"
