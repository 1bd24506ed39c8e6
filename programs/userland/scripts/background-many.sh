#!/bin/sh
# Several background writers, then wait for all.
for i in 1 2 3 4 5; do
	( echo "job $i" > job$i.txt ) &
done
wait
cat job1.txt job2.txt job3.txt job4.txt job5.txt
