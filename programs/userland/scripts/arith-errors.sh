#!/bin/sh
# Division by zero is an error: the command fails, the shell goes on in a subshell.
( echo $(( 1 / 0 )); echo not reached ) 2>/dev/null
echo "status $?"
echo $(( 2 + 3 ))
