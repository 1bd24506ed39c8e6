#!/bin/sh
# A trapped signal interrupts wait (status 128+N) and the trap runs.
trap 'echo trap ran' USR1
sleep 20 &
long=$!
( sleep 0.5; kill -USR1 $$ ) &
wait $long
echo "wait: $?"
kill $long
wait $long; echo "long: $?"
