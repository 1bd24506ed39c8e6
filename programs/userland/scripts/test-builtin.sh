#!/bin/sh
# test and [ ].
[ abc = abc ] && echo eq
[ abc != abd ] && echo ne
[ -z "" ] && [ -n x ] && echo zn
[ 10 -gt 9 ] && [ 3 -le 3 ] && [ -5 -lt 0 ] && echo nums
[ ! -e nothing ] && echo "no file"
echo x > file; [ -f file ] && [ -s file ] && [ ! -d file ] && echo file
mkdir dir; [ -d dir ] && echo dir
[ 1 = 1 -a 2 = 2 ] && echo and
[ 1 = 2 -o 2 = 2 ] && echo or
[ \( 1 = 1 \) ] && echo parens
test; echo "empty test: $?"
[ 1 = 1; echo "missing ]: $?"
