#!/bin/sh
# Single and double quotes, backslashes.
x=value
echo '$x "in" single'
echo "\$x is $x, \"quoted\", \\back"
echo \$x \"bare\" a\ b
echo "tab:	:" 'mixed'"quotes"$x
echo "a\qb" 'c\d'
echo ''"" x
