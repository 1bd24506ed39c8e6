#!/bin/sh
# yes ends by SIGPIPE when head has what it needs.
yes abc | head -n 4
yes | head -n 1000 | wc -l
