#!/bin/sh
# A child shell killed by a signal: 128+N; one with a trap survives it.
sh -c 'kill -TERM $$; echo never'
echo "TERM: $?"
sh -c 'trap "echo caught; exit 7" TERM; kill -TERM $$; echo never'
echo "trapped: $?"
sh -c 'kill -9 $$'
echo "KILL: $?"
