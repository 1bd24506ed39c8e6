#!/bin/sh
# N>&M, N>&- and stderr.
echo to-stderr >&2 2>/dev/null
{ echo out; echo err >&2; } 2>err.txt
echo "err.txt: $(cat err.txt)"
{ echo out; echo err >&2; } > both.txt 2>&1
sort both.txt
ls nothing-here 2>/dev/null || echo "ls failed: $?"
echo closed >&- 2>/dev/null; echo "closed stdout: $?"
exec_fd_test() { echo "fd3 works" >&3; }
exec_fd_test 3>fd3.txt; cat fd3.txt
