#!/bin/sh
# Pathname expansion, sorted; a pattern without matches stays.
mkdir g; cd g
echo > b.txt; echo > a.txt; echo > c.log
echo *.txt
echo *
echo ?.log
echo *.none
echo "*.txt" '*'
for f in *.txt; do echo "file $f"; done
