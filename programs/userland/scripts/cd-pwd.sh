#!/bin/sh
# cd and pwd (relative to the start directory).
start=$(pwd)
mkdir -p deep/er
cd deep/er
echo "${PWD#$start}"
b=$(pwd); echo "${b#$start}"
cd ..; echo "$(pwd | tr / '\n' | tail -n 1)"
cd nowhere 2>&1; echo "cd: $?"
cd "$start"; [ "$(pwd)" = "$start" ] && echo back
