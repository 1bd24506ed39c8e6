#!/bin/sh
# A ten-stage pipeline.
seq 100 | grep 7 | sort -r | head -n 5 | tail -n 3 | rev | sort -n | tr 0-9 a-j | cat | wc -l
seq 20 | cat | cat | cat | cat | cat | cat | cat | cat | tail -n 1
