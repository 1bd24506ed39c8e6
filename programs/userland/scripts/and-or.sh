#!/bin/sh
# && || and their precedence (left to right, equal).
true && echo a1
false && echo never
false || echo b1
true || echo never
false && echo x || echo c1
true || false && echo d1
false || false || echo e1
[ 1 -lt 2 ] && [ 3 -gt 2 ] && echo f1
