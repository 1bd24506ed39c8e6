#!/bin/sh
# The writer of a closed pipe dies by SIGPIPE (128+13); the pipeline's status is head's.
yes | head -n 1 >/dev/null
echo "status $?"
sh -c 'yes | head -n 2 > out; echo inner $?'
cat out
