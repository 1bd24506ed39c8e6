#!/bin/sh
# A pipeline's status is its last command's; ! inverts it.
false | true; echo "false|true: $?"
true | false; echo "true|false: $?"
! true; echo "!true: $?"
! false | false; echo "!(false|false): $?"
echo x | grep -q y; echo "grep miss: $?"
