#!/bin/sh
# date +FORMAT: the year has four digits (the issue's `echo $(date +%Y)`).
y=$(date +%Y)
[ ${#y} -eq 4 ] && [ $y -ge 2024 ] && echo "year ok"
echo $y > y; cat y | tr 0-9 a-j | wc -c
