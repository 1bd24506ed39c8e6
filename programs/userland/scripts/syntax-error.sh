#!/bin/sh
# A syntax error in sh -c is status 2 and changes nothing else.
sh -c 'if then fi' 2>/dev/null; echo "syntax: $?"
sh -c 'echo "unterminated' 2>/dev/null; echo "quote: $?"
sh -c '( echo x' 2>/dev/null; echo "paren: $?"
echo fine
