#!/bin/sh
# trap runs when the shell signals itself.
trap 'echo got USR1' USR1
kill -USR1 $$
echo after
trap 'echo got USR2; n=$((n + 1))' USR2
n=0
kill -USR2 $$; kill -USR2 $$; kill -s USR2 $$
echo "n=$n"
