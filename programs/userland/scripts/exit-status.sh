#!/bin/sh
# Exit statuses of commands, not-found commands and signals.
true; echo $?
false; echo $?
nosuchcommand 2>/dev/null; echo $?
sh -c 'exit 42'; echo $?
sh -c 'exit 300'; echo $?
grep -q x /nonexistent 2>/dev/null; echo $?
test 1 -eq; echo $?
