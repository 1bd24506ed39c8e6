#!/bin/sh
# $# $@ $* and shift.
set -- a "b c" d
echo "$#"
for x in "$@"; do echo "[$x]"; done
for x in $*; do echo "<$x>"; done
echo "$*"
shift; echo "$# $1"
shift 2; echo "$#"
set -- 1 2 3 4 5 6 7 8 9 10 11
echo "${10} ${11} $9"
