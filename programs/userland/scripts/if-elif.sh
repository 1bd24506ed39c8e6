#!/bin/sh
# if / elif / else.
for n in 1 2 3 4; do
	if [ $n -eq 1 ]; then
		echo one
	elif [ $n -eq 2 ]; then echo two
	elif test $n = 3
	then
		echo three
	else
		echo other
	fi
done
if false; then echo no; fi; echo "status $?"
