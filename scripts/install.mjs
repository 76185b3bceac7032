#!/usr/bin/env node
// npm's install step for simsiam-node (package.json "install").
//
// In the installed package: nothing to do when an addon loads (the prebuilt
// prebuilds/<platform>-<arch>/simsiam_native.node, or an earlier source build
// in build/Release); otherwise, or with `--build-from-source`, build the addon
// from the shipped C++/CUDA sources with cmake-js. The JavaScript ships
// compiled (dist/src), so no TypeScript is needed.
//
// In a source checkout (tsconfig.json and src/index.ts present: `npm ci` in a
// clone): build the addon from source and compile the TypeScript, as
// `npm run build` does.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const NAME = 'simsiam-node';
const log = (line) => console.error(`${NAME}: ${line}`);
const truthy = (v) => v !== undefined && v !== '' && v !== 'false' && v !== '0';

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
  if (r.error) throw r.error;
  return r.status ?? 1;
}

function onPath(cmd) {
  if (cmd.includes('/')) return existsSync(cmd) ? cmd : null;
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, cmd))) return join(dir, cmd);
  }
  return null;
}

/** `cmake --version` as [major, minor], or null. */
function cmakeVersion() {
  const r = spawnSync('cmake', ['--version'], { encoding: 'utf8' });
  const m = !r.error && r.status === 0 && /cmake version (\d+)\.(\d+)/.exec(r.stdout);
  return m ? [Number(m[1]), Number(m[2])] : null;
}

/** What the source build needs and this machine lacks, one line each. */
function missingTools() {
  const missing = [];
  const cmake = cmakeVersion();
  if (!cmake) missing.push('cmake >= 3.18: not found on PATH');
  else if (cmake[0] < 3 || (cmake[0] === 3 && cmake[1] < 18)) missing.push(`cmake >= 3.18: found ${cmake.join('.')}`);
  const cxx = process.env.CXX ? [process.env.CXX.split(' ')[0]] : ['c++', 'g++', 'clang++'];
  if (!cxx.some(onPath)) {
    missing.push(process.env.CXX ? `a C++17 compiler: CXX=${process.env.CXX} not found`
      : 'a C++17 compiler (g++ >= 9 or clang++ >= 10): none of c++, g++, clang++ on PATH (or set CXX)');
  }
  try {
    createRequire(join(root, 'package.json')).resolve('cmake-js/package.json');
  } catch {
    missing.push('the cmake-js package: not installed beside simsiam-node (npm installs it as a dependency)');
  }
  return missing;
}

const REBUILD = `\`npm rebuild ${NAME} --foreground-scripts\``;
const FORCE =
  `To build from source even where the prebuilt addon loads: \`npm rebuild ${NAME} --build-from-source ` +
  `--foreground-scripts\` (or SIMSIAM_BUILD_FROM_SOURCE=1 in its environment). Switches such as SIMSIAM_CUDA=OFF ` +
  `(CPU-only) and SIMSIAM_CUDA_ARCHS: node_modules/${NAME}/binding.gyp.md.`;

/** Loads the addon the package would load, in a child process (a crash there is a failed check, not ours). */
function addonLoads(describe = false) {
  const locate = pathToFileURL(join(root, 'dist', 'src', 'native', 'locate.js')).href;
  const code = `
    import { createRequire } from 'node:module';
    import { findAddon } from ${JSON.stringify(locate)};
    const c = findAddon({ root: ${JSON.stringify(root)} });
    if (!c) { console.log('none'); process.exit(2); }
    const b = createRequire(import.meta.url)(c.path);
    if (typeof b.deviceInfo !== 'function') throw new Error(c.path + ' is not the simsiam-node addon');
    const cuda = ${describe} ? ' (CUDA kernels ' + (b.deviceInfo().build.cuda ? 'compiled' : 'not compiled') + ')' : '';
    console.log(c.kind + ' ' + c.path + cuda);`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8' });
  return { ok: r.status === 0, what: (r.stdout ?? '').trim(), error: ((r.stderr ?? '') + (r.error?.message ?? '')).trim() };
}

function buildFromSource() {
  const missing = missingTools();
  if (missing.length) {
    log(`cannot build the native addon from source for ${process.platform}-${process.arch}; missing:`);
    for (const m of missing) console.error(`  - ${m}`);
    console.error(`Install them (Debian/Ubuntu: apt-get install cmake g++), then: ${REBUILD}. ${FORCE}`);
    return 1;
  }
  log(`building the native addon from source (cmake-js; 1 to 5 minutes, longer with CUDA) in ${join(root, 'build')}`);
  const cmakeJs = createRequire(join(root, 'package.json')).resolve('cmake-js/bin/cmake-js');
  const status = run(process.execPath, [cmakeJs, 'compile', '--out', 'build']);
  if (status !== 0) {
    log(`the source build failed (cmake-js exited with ${status}; its output is above). After fixing that: ${REBUILD}. ${FORCE}`);
    return status;
  }
  const check = addonLoads(true);
  if (!check.ok) {
    log(`the addon was built but does not load: ${check.error}`);
    return 1;
  }
  log(`built ${check.what}`);
  return 0;
}

function sourceCheckout() {
  // The repository's own flow (npm ci): the addon from source, then the TypeScript.
  const npm = process.env.npm_execpath;
  const npmRun = (script) => (npm ? run(process.execPath, [npm, 'run', script]) : run('npm', ['run', script]));
  const status = npmRun('build:native');
  return status !== 0 ? status : npmRun('build:ts');
}

function main() {
  if (existsSync(join(root, 'tsconfig.json')) && existsSync(join(root, 'src', 'index.ts'))) return sourceCheckout();
  const forced = truthy(process.env.npm_config_build_from_source) || truthy(process.env.SIMSIAM_BUILD_FROM_SOURCE);
  if (forced) return buildFromSource();
  const check = addonLoads();
  if (check.ok) return 0;
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  log(check.what === 'none'
    ? `no prebuilt addon for ${process.platform}-${process.arch} in ${pkg.name}@${pkg.version}; building from source`
    : `the prebuilt addon does not load here (${check.error.split('\n').find((l) => /Error/.test(l)) ?? check.error}); building from source`);
  return buildFromSource();
}

process.exitCode = main();
