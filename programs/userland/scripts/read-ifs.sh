#!/bin/sh
# read with IFS and backslashes.
printf 'root:x:0:0\n' > passwd
IFS=: read user pw uid gid < passwd
echo "$user $uid $gid"
printf 'a\\ b c\n' | { read x y; echo "[$x] [$y]"; }
printf 'a\\ b c\n' | { read -r x y; echo "[$x] [$y]"; }
printf 'no newline' | { read v; echo "status $? v=$v"; }
