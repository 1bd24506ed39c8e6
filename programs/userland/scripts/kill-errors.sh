#!/bin/sh
# kill's errors: a bad signal, a pid that is gone.
( exit 0 ) &
p=$!
wait $p
kill $p 2>/dev/null; echo "gone: $?"
kill -NOSUCH $$ 2>/dev/null; echo "bad signal: $?"
kill -0 $$; echo "self probe: $?"
