#!/bin/sh
# ${#x}, ${x%pat} ${x%%pat} ${x#pat} ${x##pat}.
p=/usr/local/lib/libfoo.so.1
echo "${#p}"
echo "${p##*/}"
echo "${p%/*}"
echo "${p#*/}"
echo "${p%%.*}"
echo "${p%.*}"
f=archive.tar.gz; echo "${f%.gz} ${f%%.*} ${f#*.}"
