#!/bin/sh
# eval joins and runs its arguments.
cmd='echo evaluated'
eval $cmd
eval "x=1; y=2"; echo $x$y
v=name; eval "$v=dynamic"; echo $name
eval 'for i in 1 2; do echo "e$i"; done'
eval false; echo "status $?"
