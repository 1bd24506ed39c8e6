#!/bin/sh
# exit in a subshell ends only the subshell.
( exit 3 ); echo "status $?"
( echo in; exit 4; echo never ); echo "status $?"
x=$(exit 9); echo "status $?"
echo still here
