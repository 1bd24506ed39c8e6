#!/bin/sh
# tee writes its copies; rev reverses lines.
echo "stressed" | tee copy.txt | rev
cat copy.txt
echo more | tee -a copy.txt > /dev/null
wc -l < copy.txt
seq 3 | tee a.txt b.txt | wc -l; cat a.txt b.txt | wc -l
