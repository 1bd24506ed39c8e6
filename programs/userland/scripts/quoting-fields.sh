#!/bin/sh
# Field splitting only of unquoted expansions.
v="one   two three"
set -- $v; echo $#
set -- "$v"; echo $#
IFS=:; path="a:b:c"; set -- $path; echo $# $2
IFS=' '
w="  lead trail  "; echo "[$w]" [$w]
