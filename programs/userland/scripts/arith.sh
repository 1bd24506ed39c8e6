#!/bin/sh
# $((...)) arithmetic: precedence, variables, assignment, ternary.
echo $(( 1 + 2 * 3 )) $(( (1 + 2) * 3 )) $(( 7 / 2 )) $(( 7 % 3 )) $(( -7 / 2 ))
x=5; echo $(( x * x )) $(( x << 2 )) $(( x > 3 && x < 10 )) $(( x == 5 ? 100 : 200 ))
echo $(( y = 3 + 4 )) $y
z=10; : $(( z += 5 )); echo $z
echo $(( 0x10 + 010 )) $(( ~0 )) $(( !0 )) $(( 5 ^ 3 )) $(( 6 & 3 | 8 ))
