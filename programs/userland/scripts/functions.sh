#!/bin/sh
# Functions: arguments, return status, recursion, locals through subshells.
greet() { echo "hello $1 ($#)"; }
greet world
greet "two words" x
fact() {
	if [ $1 -le 1 ]; then echo 1; return; fi
	echo $(( $1 * $(fact $(( $1 - 1 ))) ))
}
fact 10
isodd() { return $(( $1 % 2 == 0 )); }
isodd 3 && echo "3 odd"
isodd 4 || echo "4 even"
