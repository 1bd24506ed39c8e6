#!/bin/sh
# head and tail with counts.
seq 20 > twenty
head -n 3 twenty | tr '\n' ' '; echo
head -2 twenty | tr '\n' ' '; echo
tail -n 3 twenty | tr '\n' ' '; echo
tail -n +18 twenty | tr '\n' ' '; echo
head twenty | wc -l
tail twenty | head -n 1
