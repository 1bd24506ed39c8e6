#!/bin/sh
# set -- and shift inside functions and loops.
set -- a b c d e
while [ $# -gt 0 ]; do printf '%s.' "$1"; shift; done; echo
args() { echo "$# [$*]"; shift 2; echo "$# [$*]"; }
args 1 2 3 4
set -- x y
echo "$# $1 $2"
shift 5 2>&1; echo "shift too far: $?"
