#!/bin/sh
# $(...) and backquotes, nested and quoted.
a=$(echo one)
b=`echo two`
echo "$a $b"
echo "$(echo "$(echo nested "$(echo deep)")")"
n=$(seq 5 | wc -l); echo "lines=$n"
echo "trailing newlines removed: [$(printf 'x\n\n\n')]"
