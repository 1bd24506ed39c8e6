#!/bin/sh
# kill a background job; wait reports 128+signal.
sleep 10 &
p=$!
kill $p
wait $p; echo "TERM: $?"
sleep 10 &
p=$!
kill -9 $p
wait $p; echo "KILL: $?"
sleep 10 &
kill -s HUP $!
wait $!; echo "HUP: $?"
