#!/bin/sh
# sort -n -r -u, uniq -c -d.
printf '10\n9\n100\n9\n1\n' > nums
sort nums | tr '\n' ' '; echo
sort -n nums | tr '\n' ' '; echo
sort -rn nums | tr '\n' ' '; echo
sort -u nums | tr '\n' ' '; echo
sort nums | uniq -d
sort nums | uniq -c
