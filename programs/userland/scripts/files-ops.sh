#!/bin/sh
# mkdir -p, ls, rm -r in the working directory.
mkdir -p tree/a/b tree/c
echo x > tree/a/b/file
echo y > tree/c/other
ls tree
ls tree/a/b
ls tree/a tree/c
rm tree/c/other
ls tree/c | wc -l
rm -r tree
ls tree 2>/dev/null || echo "gone: $?"
mkdir existing; mkdir existing 2>&1; echo "mkdir again: $?"
rm -f not-there; echo "rm -f: $?"
rm not-there 2>&1; echo "rm: $?"
