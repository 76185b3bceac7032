#!/usr/bin/env node
// npm pack / npm publish ("prepack"): what the tarball ships besides the
// sources, built here so that `npm install simsiam-node` needs no toolchain:
//   dist/src/                                   the compiled TypeScript (tsc; stale outputs removed)
//   prebuilds/<platform>-<arch>/simsiam_native.node  the addon, built with the portable options
//
// The portable options: Release, CMakeLists.txt's default SIMSIAM_MARCH
// (portable: x86-64 baseline code, the hot kernels also for AVX2 and AVX-512,
// chosen at run time; none if the default were native), CMakeLists.txt's default
// CUDA architectures, CUDA compiled when nvcc is found (SIMSIAM_CUDA=AUTO),
// no Gloo (SIMSIAM_GLOO=OFF); the addon may need no shared library but the
// C/C++ runtime.
// SIMSIAM_MARCH, SIMSIAM_CUDA, SIMSIAM_CUDA_ARCHS and SIMSIAM_GLOO in the
// environment override them (SIMSIAM_MARCH=native is refused: the binary would not run on
// other CPUs).
//
// An existing build is reused when its CMakeCache.txt has these options and
// its addon is newer than every native source: build/ (what `npm ci` built),
// else build-pkg/, where the addon is otherwise built (incrementally).
// SIMSIAM_PREBUILD_ADDON=path/to/simsiam_native.node ships that file as it is.
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const ADDON = 'simsiam_native.node';
const log = (line) => console.error(`prepack: ${line}`);
const fail = (line) => {
  console.error(`prepack: ${line}`);
  process.exit(1);
};
const rel = (p) => relative(root, p) || '.';

// Children write to stderr: `npm pack --json` keeps stdout for its JSON.
function run(cmd, args) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: ['ignore', 2, 2] });
  if (r.error) throw r.error;
  if (r.status !== 0) fail(`${[cmd, ...args].map(rel).join(' ')} exited with ${r.status ?? r.signal}`);
}

function* files(dir) {
  if (!existsSync(dir)) return;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) yield* files(p);
    else yield p;
  }
}

// 1. The JavaScript: tsc, then drop dist/src outputs whose source is gone.
function compileTypeScript() {
  log('compiling the TypeScript (tsc -p tsconfig.json)');
  run(process.execPath, [createRequire(join(root, 'package.json')).resolve('typescript/bin/tsc'), '-p', 'tsconfig.json']);
  const removed = [];
  for (const out of files(join(root, 'dist', 'src'))) {
    const m = /^(.*?)(\.d\.ts|\.js\.map|\.js|\.d\.ts\.map)$/.exec(relative(join(root, 'dist', 'src'), out));
    if (m && !existsSync(join(root, 'src', `${m[1]}.ts`))) {
      rmSync(out);
      removed.push(rel(out));
    }
  }
  if (removed.length) log(`removed ${removed.length} stale outputs: ${removed.join(', ')}`);
}

// 2. The addon.
function cmakeSources() {
  const cmakeDir = join(root, 'cmake');
  const extra = existsSync(cmakeDir) ? readdirSync(cmakeDir).filter((f) => f.endsWith('.cmake')).map((f) => join(cmakeDir, f)) : [];
  return [join(root, 'CMakeLists.txt'), ...extra].map((f) => readFileSync(f, 'utf8')).join('\n');
}

function cmakeDefault(name) {
  const m = new RegExp(`simsiam_option\\(${name}\\s+"([^"]*)"`).exec(cmakeSources());
  return m ? m[1] : undefined;
}

// Options a fresh prebuild sets but a reused build need not have: the addon's
// shared-library needs are checked instead (systemLibrariesOnly).
function buildOnlyOptions() {
  const o = {};
  // Gloo is a shared library from Debian's libgloo-dev, not on users' machines.
  if (cmakeDefault('SIMSIAM_GLOO') !== undefined) o.SIMSIAM_GLOO = process.env.SIMSIAM_GLOO || 'OFF';
  return o;
}

function wantedOptions() {
  const o = { CMAKE_BUILD_TYPE: 'Release', SIMSIAM_CUDA: (process.env.SIMSIAM_CUDA || 'AUTO').toUpperCase() };
  if (o.SIMSIAM_CUDA === 'EMU') fail('SIMSIAM_CUDA=EMU is the CUDA emulator (for tests), not a build to ship');
  const archs = process.env.SIMSIAM_CUDA_ARCHS || cmakeDefault('SIMSIAM_CUDA_ARCHS');
  if (archs) o.SIMSIAM_CUDA_ARCHS = archs;
  const marchDefault = cmakeDefault('SIMSIAM_MARCH');
  const march = process.env.SIMSIAM_MARCH || (marchDefault === undefined ? undefined : marchDefault === 'native' ? 'none' : marchDefault);
  if (march === 'native') fail('SIMSIAM_MARCH=native: the prebuilt addon would not run on other CPUs; unset it or name a portable -march');
  if (march !== undefined) o.SIMSIAM_MARCH = march;
  return o;
}

function readCache(buildDir) {
  const file = join(buildDir, 'CMakeCache.txt');
  if (!existsSync(file)) return null;
  const cache = {};
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const m = /^([A-Za-z0-9_]+):[A-Z]+=(.*)$/.exec(line);
    if (m) cache[m[1]] = m[2];
  }
  return cache;
}

function newestSource() {
  let newest = statSync(join(root, 'CMakeLists.txt')).mtimeMs;
  for (const dir of ['native', 'cmake']) for (const f of files(join(root, dir))) newest = Math.max(newest, statSync(f).mtimeMs);
  return newest;
}

/** Why buildDir's addon cannot be shipped as the prebuild, or null when it can. */
function reuseMismatch(buildDir, wanted, newest) {
  const addon = join(buildDir, 'Release', ADDON);
  if (!existsSync(addon)) return 'no addon';
  const cache = readCache(buildDir);
  if (!cache) return 'no CMakeCache.txt';
  for (const [k, v] of Object.entries(wanted)) {
    const have = k === 'SIMSIAM_CUDA' ? (cache[k] ?? '').toUpperCase() : cache[k];
    if (have !== v) return `${k}=${have ?? '(unset)'}, wanted ${v}`;
  }
  if (cache.SIMSIAM_EMU_SANITIZE || (cache.SIMSIAM_EMU_COVERAGE ?? 'OFF') !== 'OFF') return 'an emulator variant';
  if (statSync(addon).mtimeMs < newest) return 'older than the native sources';
  const libs = nonSystemLibraries(addon);
  if (libs.length) return `it needs ${libs.join(', ')}`;
  return null;
}

// What a prebuilt addon may need at run time: the C/C++ runtime only (cudart
// is static; the driver, cuBLAS and cuDNN are opened with dlopen).
const SYSTEM_LIBRARY = /^(libc|libm|libdl|libpthread|librt|libgcc_s|libstdc\+\+|ld-linux[-\w.]*)\.so/;

/** The shared libraries `addon` needs beyond the C/C++ runtime ([] where readelf is missing: not checked). */
function nonSystemLibraries(addon) {
  const r = spawnSync('readelf', ['-d', addon], { encoding: 'utf8' });
  if (r.error || r.status !== 0) return [];
  const needed = [...r.stdout.matchAll(/\(NEEDED\)\s+Shared library: \[([^\]]+)\]/g)].map((m) => m[1]);
  return needed.filter((lib) => !SYSTEM_LIBRARY.test(lib));
}

function buildAddon() {
  const given = process.env.SIMSIAM_PREBUILD_ADDON;
  if (given) {
    if (!existsSync(given)) fail(`SIMSIAM_PREBUILD_ADDON=${given}: no such file`);
    const march = readCache(dirname(dirname(given)))?.SIMSIAM_MARCH;
    if (march === 'native') fail(`SIMSIAM_PREBUILD_ADDON=${given} was built with SIMSIAM_MARCH=native (its CMakeCache.txt): it would not run on other CPUs`);
    log(`shipping SIMSIAM_PREBUILD_ADDON=${given}`);
    return given;
  }
  const wanted = wantedOptions();
  const shown = Object.entries(wanted).map(([k, v]) => `${k}=${v}`).join(' ');
  const newest = newestSource();
  for (const dir of ['build', 'build-pkg']) {
    const why = reuseMismatch(join(root, dir), wanted, newest);
    if (!why) {
      log(`reusing ${dir}/Release/${ADDON} (built with ${shown}, newer than the sources)`);
      return join(root, dir, 'Release', ADDON);
    }
    log(`not reusing ${dir}/: ${why}`);
  }
  const defs = { ...wanted, ...buildOnlyOptions() };
  delete defs.CMAKE_BUILD_TYPE;
  log(`building the addon in build-pkg/ with ${Object.entries(defs).map(([k, v]) => `${k}=${v}`).join(' ')}`);
  const cmakeJs = createRequire(join(root, 'package.json')).resolve('cmake-js/bin/cmake-js');
  run(process.execPath, [cmakeJs, 'compile', '--out', 'build-pkg', ...Object.entries(defs).map(([k, v]) => `--CD${k}=${v}`)]);
  return join(root, 'build-pkg', 'Release', ADDON);
}

function shipAddon(addon) {
  const dir = join(root, 'prebuilds', `${process.platform}-${process.arch}`);
  rmSync(join(root, 'prebuilds'), { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const dest = join(dir, ADDON);
  copyFileSync(addon, dest);
  const r = spawnSync(process.execPath, ['-e', `const b = require(${JSON.stringify(dest)}).deviceInfo().build;
    console.log(JSON.stringify({ cuda: b.cuda, archs: b.cudaArchitectures, buildType: b.buildType }))`], { encoding: 'utf8' });
  if (r.status !== 0) fail(`${rel(dest)} does not load: ${r.stderr.trim()}`);
  const b = JSON.parse(r.stdout);
  if (b.buildType !== 'Release') fail(`${rel(dest)} is a ${b.buildType} build`);
  const libs = nonSystemLibraries(dest);
  if (libs.length) fail(`${rel(dest)} needs ${libs.join(', ')}, which users' machines need not have`);
  const mib = (statSync(dest).size / 2 ** 20).toFixed(1);
  log(`${rel(dest)}: ${mib} MiB, CUDA kernels ${b.cuda ? `for ${b.archs.join(', ')}` : 'NOT compiled (no nvcc found): the package will run on the CPU only'}`);
}

if (!process.env.SIMSIAM_PREBUILD_ADDON) wantedOptions();  // refuses SIMSIAM_MARCH=native before the compile
compileTypeScript();
shipAddon(buildAddon());
