#!/bin/sh
# & and wait: statuses of background jobs.
( exit 3 ) &
p1=$!
( exit 5 ) &
p2=$!
wait $p2; echo "p2 $?"
wait $p1; echo "p1 $?"
( echo bg-output > bg.txt ) &
wait
cat bg.txt
