#!/bin/sh
# ${N:-W} and friends.
unset u; e=""; s=set
echo "[${u-dflt}] [${e-dflt}] [${u:-dflt}] [${e:-dflt}] [${s:-dflt}]"
echo "[${u+alt}] [${e+alt}] [${e:+alt}] [${s:+alt}]"
echo "[${u:=assigned}] [$u]"
( : ${missing:?is required} ) 2>&1
echo "status $?"
