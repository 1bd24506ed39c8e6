#!/bin/sh
# exit in a function ends the script, running the EXIT trap.
trap 'echo bye' EXIT
die() { echo "dying $1"; exit $1; }
echo start
die 6
echo never
