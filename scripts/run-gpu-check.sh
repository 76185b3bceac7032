#!/usr/bin/env bash
# On a GPU machine without npm: unpack node, run the bundled GPU check.
set -euo pipefail
cd "$(dirname "$0")/../.gpu"
[ -x ./node ] || xz -dc node.xz > node && chmod +x node
./node gpu_check.mjs
