#!/bin/sh
# Order matters: 2>&1 >file versus >file 2>&1.
{ echo O; echo E >&2; } 2>&1 > one.txt | sed_free=1 cat
echo "one.txt: $(cat one.txt)"
{ echo O; echo E >&2; } > two.txt 2>&1
echo "two.txt lines: $(wc -l < two.txt)"
