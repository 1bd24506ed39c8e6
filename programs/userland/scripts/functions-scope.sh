#!/bin/sh
# Functions see and change the shell's variables; positionals are restored.
set -- outer
g=1
bump() { g=$((g + 1)); echo "in: $1"; }
bump inner
echo "out: $1 g=$g"
early() { echo before; return 5; echo never; }
early; echo "status $?"
loopret() { for i in 1 2 3; do [ $i = 2 ] && return $i; done; }
loopret; echo "loopret $?"
