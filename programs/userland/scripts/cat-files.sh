#!/bin/sh
# cat of several files and stdin in the middle.
echo one > 1.txt; echo three > 3.txt
echo two | cat 1.txt - 3.txt
cat 1.txt missing 3.txt 2>/dev/null; echo "status $?"
cat < 1.txt > copy; cat copy
