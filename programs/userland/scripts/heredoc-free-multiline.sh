#!/bin/sh
# Multi-line strings and continuation lines.
text="line one
line two
line three"
echo "$text" | wc -l
echo "$text" | tail -n 1
long=$(echo a \
	b \
	c)
echo $long
