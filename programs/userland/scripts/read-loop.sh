#!/bin/sh
# while read over a pipe and a file.
printf 'a 1\nb 2\nc 3\n' > data
while read name num; do echo "$num:$name"; done < data
cat data | while read -r line; do echo "<$line>"; done
read first rest < data; echo "first=$first rest=$rest"
printf 'x y z w' | { read a b; echo "a=$a b=$b"; }
