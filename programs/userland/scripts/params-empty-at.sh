#!/bin/sh
# "$@" with no parameters is no field at all; "" is one empty field.
set --
for x in "$@"; do echo "never"; done
count() { echo $#; }
count "$@"
count ""
count "" ""
set -- "" x
count "$@"
