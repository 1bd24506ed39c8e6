#!/bin/sh
# > >> and < redirections.
echo first > f
echo second >> f
cat < f
echo replaced > f; cat f
wc -l < f
> empty; wc -c empty
