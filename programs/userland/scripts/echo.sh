#!/bin/sh
# echo and -n.
echo plain words
echo -n "no newline"; echo " then newline"
echo
echo "  spaced  "
echo -n; echo end
