#!/bin/sh
# A classic word-frequency pipeline.
text="the cat and the dog and the bird"
echo $text | tr ' ' '\n' | sort | uniq -c | sort -rn | head -n 2
echo $text | tr ' ' '\n' | sort -u | wc -l
