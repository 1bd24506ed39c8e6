#!/bin/sh
# seq forms.
seq 3 | tr '\n' ' '; echo
seq 2 5 | tr '\n' ' '; echo
seq 10 -3 1 | tr '\n' ' '; echo
seq 0 2 8 | tr '\n' ' '; echo
seq 5 1 | wc -l
