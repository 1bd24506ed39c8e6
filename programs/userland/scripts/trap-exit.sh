#!/bin/sh
# The EXIT trap runs at the end, with the exit status kept.
trap 'echo "exit trap, status $?"' EXIT
echo body
( trap 'echo sub exit' EXIT; echo in-sub )
exit 3
