#!/bin/sh
# basename and path trimming.
basename /usr/bin/env
basename /usr/lib/
basename file.txt .txt
basename /a/b/c.tar.gz .gz
p=/one/two/three; echo "${p##*/} $(basename $p)"
