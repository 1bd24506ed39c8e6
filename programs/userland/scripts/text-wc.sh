#!/bin/sh
# wc counts.
printf 'one two\nthree\n' > w
wc w
wc -l w
wc -w < w
wc -c < w
printf 'x\n' > w2
wc -l w w2
