#!/bin/sh
# Redirections on compound commands.
for i in 1 2 3; do echo $i; done > loop.txt
cat loop.txt | tr '\n' ' '; echo
while read n; do echo "got $n"; done < loop.txt
if true; then echo in-if; fi > if.txt; cat if.txt
{ echo a; echo b; } >> loop.txt; wc -l < loop.txt
