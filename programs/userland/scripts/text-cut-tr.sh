#!/bin/sh
# cut -d -f / -c and tr ranges, -d, -s.
echo "a:b:c:d" | cut -d: -f2
echo "a:b:c:d" | cut -d : -f 1,3-
echo "abcdefgh" | cut -c 2-4,7
echo "hello world" | tr a-y b-z
echo "hello world" | tr -d lo
echo "aaabbbccc" | tr -s abc
echo "MiXeD" | tr A-Z a-z
