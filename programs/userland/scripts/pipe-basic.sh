#!/bin/sh
# Three-stage pipelines of the text applets.
echo "banana apple cherry" | tr ' ' '\n' | sort
seq 10 | grep 1 | wc -l
printf 'b\na\nb\nc\na\n' | sort | uniq -c
echo hello | rev | tr a-z A-Z
