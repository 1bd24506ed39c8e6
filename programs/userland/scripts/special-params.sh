#!/bin/sh
# $$ is the same in subshells; $! names the last background job.
me=$$
( [ $$ = $me ] && echo "subshell keeps \$\$" )
[ "$(echo $$)" = $me ] && echo "substitution keeps \$\$"
true &
[ "$!" -gt 0 ] && echo "\$! set"
wait
echo "\$# = $#"
