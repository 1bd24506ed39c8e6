#!/bin/sh
# for over words, globs-free lists, positional parameters.
for w in alpha beta "gamma delta"; do echo "[$w]"; done
set -- p q
for w; do echo "pos $w"; done
for w in; do echo never; done
echo "after empty"
for i in $(seq 3); do printf '%s,' $i; done; echo
