#!/bin/sh
# { } runs in the shell, ( ) in a copy.
x=1
{ x=2; echo "brace $x"; }
echo "after brace $x"
( x=3; echo "sub $x" )
echo "after sub $x"
( cd /; echo "in sub: $(pwd)" ) ; pwd >/dev/null
{ echo one; echo two; } | wc -l
( echo a; echo b ) | sort -r
