#!/bin/sh
# trap '' ignores a signal (also in children), trap - restores the default.
trap '' USR1
kill -USR1 $$
echo survived
sh -c 'kill -USR1 $$; echo child survived too'
trap - USR1
trap 'echo handled' USR1
kill -USR1 $$
trap
