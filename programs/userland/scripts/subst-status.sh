#!/bin/sh
# $? after a command substitution is the substitution's status.
x=$(false); echo "after false: $?"
x=$(true); echo "after true: $?"
x=$(exit 7); echo "after exit 7: $?"
echo "$(echo out; exit 3)" $?
