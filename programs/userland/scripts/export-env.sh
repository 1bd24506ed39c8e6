#!/bin/sh
# Exported variables reach children; prefix assignments only that command.
unset MBV
export MBV=exported
sh -c 'echo "child sees $MBV"'
LOCAL=onlyhere sh -c 'echo "prefix: $LOCAL"'
echo "after prefix: [${LOCAL-unset}]"
notexported=x
sh -c 'echo "not exported: [${notexported-unset}]"'
unset MBV
sh -c 'echo "unset: [${MBV-unset}]"'
