#!/bin/sh
# printf formats, reused for extra arguments.
printf '%s-%s\n' a b c d
printf '%5d|%-5d|%05d\n' 42 42 42
printf '%x %X %o %c\n' 255 255 8 hello
printf '%.3s|%10s|\n' abcdef right
printf 'tab\there\nbackslash \\ percent %%\n'
printf '%d\n' 12abc 2>/dev/null; echo "bad number: $?"
printf 'no args %s|\n'
