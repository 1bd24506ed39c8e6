#!/bin/sh
# Unquoted substitutions are split into fields, quoted ones are not.
set -- $(echo "a b   c")
echo "$#"
set -- "$(echo "a b   c")"
echo "$#: $1"
for w in $(printf 'x\ny\nz\n'); do echo "w=$w"; done
