#!/usr/bin/env bash
# Packs what the GPU check needs into .gpu/ (ignored by git, carried to the
# device machine): the bundled script, the addon, a package.json marker and
# the node binary (xz). On the device: scripts/run-gpu-check.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
rm -rf .gpu && mkdir -p .gpu/build/Release
node_modules/.bin/esbuild bench/gpu_check.ts --bundle --platform=node --format=esm --target=node20 \
  --outfile=.gpu/gpu_check.mjs --log-level=warning --ignore-annotations \
  --banner:js="import { createRequire as __cr } from 'node:module'; const require = __cr(import.meta.url);"
cp build/Release/simsiam_native.node .gpu/build/Release/
echo '{"name":"simsiam-node","private":true,"type":"module"}' > .gpu/package.json
xz -T0 -6 -c "$(command -v node)" > .gpu/node.xz
du -sh .gpu
