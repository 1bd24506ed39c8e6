#!/bin/sh
# sh -c with arguments: $0 and $1...
sh -c 'echo "$0 [$1] [$2] $#"' name first "second arg"
sh -c 'echo "$#"'
sh -c 'exit $1' x 17; echo $?
echo 'echo from stdin script' | sh
