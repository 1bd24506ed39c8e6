#!/bin/sh
# grep: fixed strings, -v -c -i -n -x -q, several files.
printf 'Apple\nbanana\napple pie\ncherry\n' > fruit
grep apple fruit
grep -i apple fruit
grep -c a fruit
grep -v a fruit
grep -n an fruit
grep -x cherry fruit
grep -q banana fruit && echo found
echo banana > other
grep banana fruit other
grep nothing fruit; echo "miss: $?"
grep x missing-file 2>/dev/null; echo "error: $?"
