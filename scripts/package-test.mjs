#!/usr/bin/env node
// The npm package as a user gets it (`npm run test:package`, run by CI):
//   1. npm pack (prepack: the compiled JS and the prebuilt addon), and the tarball's file list;
//   2. a scratch app that already has tfjs 4.x (SIMSIAM_PKG_TFJS, default 4.20.0, not the 4.22 this repo
//      develops on) gets the tarball by `npm install --offline` (the npm cache only): no compiler, no tsc,
//      the prebuilt addon, one tfjs-core;
//   3. the package imported from ESM: the SimSiam loss kernel against plain tfjs, one tfjs-core loaded;
//      from TypeScript: type-checked with NodeNext and with Bundler resolution, then run;
//   4. `npx simsiam info`, a one-epoch tiny training, `simsiam export`, the checkpoint and the exported
//      encoder loaded through the API;
//   5. each Node in SIMSIAM_PKG_NODES (paths of other node binaries): the kernel check and `simsiam info`;
//   6. without cmake or a compiler: `npm rebuild` keeps the prebuilt addon, `--build-from-source` and a
//      missing prebuild fail with what is missing and how to rebuild; an empty app gets tfjs as peers;
//   7. with SIMSIAM_PKG_SOURCE_BUILD=1 (minutes; not in CI): a forced source build, in a second app
//      (SIMSIAM_PKG_SOURCE_BUILD=OFF|ON|AUTO: that SIMSIAM_CUDA for it; 1 is AUTO).
// Setup that may use the registry runs before the offline installs, with --prefer-offline: the npm cache
// gets the metadata of the package's dependencies (a clone's `npm ci` fetched tarballs only), the scratch
// app gets its tfjs, typescript and @types/node. SIMSIAM_PKG_KEEP=1 keeps the scratch folder. Last line:
// "N passed, N failed".
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = dirname(dirname(fileURLToPath(import.meta.url)));
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const lock = JSON.parse(readFileSync(join(repo, 'package-lock.json'), 'utf8'));
const tfjs = process.env.SIMSIAM_PKG_TFJS || '4.20.0';
const work = mkdtempSync(join(tmpdir(), 'simsiam-pkg-'));
const started = Date.now();
let passed = 0, failed = 0;
const notes = [];

const seconds = (t0) => ((Date.now() - t0) / 1000).toFixed(1);
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${detail ? ` (${detail})` : ''}`);
  return ok;
}

/** Runs a command; output is kept (and shown when the command fails unexpectedly). */
function sh(cmd, args, o = {}) {
  const t0 = Date.now();
  const r = spawnSync(cmd, args, { cwd: o.cwd ?? work, env: { ...process.env, ...o.env }, encoding: 'utf8', maxBuffer: 1 << 28, timeout: o.timeout ?? 900_000 });
  const out = `${r.stdout ?? ''}${r.stderr ?? ''}${r.error ? `\n${r.error.message}` : ''}`;
  const res = { status: r.status, out, stdout: r.stdout ?? '', secs: seconds(t0) };
  if (o.show || (r.status !== 0 && !o.mayFail)) {
    console.log(`$ ${[cmd, ...args].join(' ')}  (exit ${r.status ?? r.signal}, ${res.secs} s)`);
    console.log(out.trim().split('\n').slice(-40).map((l) => `  | ${l}`).join('\n'));
  }
  return res;
}
const npm = (args, o) => sh('npm', ['--no-audit', '--no-fund', ...args], o);

function devVersion(name) {
  return lock.packages[`node_modules/${name}`].version;
}

/** A scratch app: package.json, then its setup packages (registry allowed, cache first). */
function scratchApp(name, deps) {
  const dir = join(work, name);
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name, version: '1.0.0', private: true, type: 'module' }, null, 2));
  if (deps.length) {
    const r = npm(['install', '--prefer-offline', ...deps], { cwd: dir });
    check(`${name}: setup (${deps.join(' ')})`, r.status === 0, `${r.secs} s`);
  }
  return dir;
}

/**
 * Setup: the npm cache gets the metadata of the package's dependencies (and of tfjs, its peers), so that
 * `npm install --offline` can resolve their ranges: `npm ci` here fetched tarballs by the lockfile only.
 */
function warmCache() {
  const dir = join(work, 'warm-cache');
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'warm-cache', version: '1.0.0', private: true }));
  const specs = Object.entries({ ...pkg.dependencies, ...Object.fromEntries(Object.entries(pkg.peerDependencies)
    .filter(([name]) => !pkg.peerDependenciesMeta?.[name]?.optional)) }).map(([name, range]) => `${name}@${range}`);
  const r = npm(['install', '--prefer-offline', '--ignore-scripts', '--no-package-lock', ...specs], { cwd: dir });
  check('setup: the npm cache holds the package\'s dependencies (registry allowed here, cache first)', r.status === 0, `${r.secs} s`);
  rmSync(dir, { recursive: true, force: true });
}

// ---- 1. pack -----------------------------------------------------------------------------------
function pack() {
  const r = npm(['pack', '--json', '--pack-destination', work], { cwd: repo, mayFail: true });
  const ok = check('npm pack (prepack: tsc and the prebuilt addon)', r.status === 0, `${r.secs} s`);
  if (!ok) {
    console.log(r.out.split('\n').slice(-60).join('\n'));
    return null;
  }
  const info = JSON.parse(r.stdout.slice(r.stdout.search(/^\[\s*\{\s*"id"/m)))[0];
  const tarball = join(work, info.filename);
  notes.push(`tarball ${info.filename}: ${(statSync(tarball).size / 2 ** 20).toFixed(1)} MiB packed, ` +
    `${(info.unpackedSize / 2 ** 20).toFixed(1)} MiB unpacked, ${info.entryCount} files; npm pack ${r.secs} s`);
  return { tarball, files: info.files.map((f) => f.path) };
}

function checkFileList(files) {
  const has = (p) => files.includes(p);
  const tag = `${process.platform}-${process.arch}`;
  const needed = ['package.json', 'LICENSE', 'README.md', 'dist/src/index.js', 'dist/src/index.d.ts', 'dist/src/cli.js',
    'dist/src/native/locate.js', `prebuilds/${tag}/simsiam_native.node`, 'scripts/install.mjs', 'CMakeLists.txt',
    'binding.gyp.md', 'native/addon.cc'];
  const missing = needed.filter((p) => !has(p));
  check('tarball has the JS, types, prebuilt addon, install script, license and the sources of the source build',
    missing.length === 0, missing.length ? `missing ${missing.join(', ')}` : `${files.length} files`);
  const allowed = [/^(package\.json|LICENSE|README\.md|CMakeLists\.txt|binding\.gyp\.md)$/, /^dist\/src\/.+\.(js|js\.map|d\.ts)$/,
    /^src\/.+\.ts$/, /^prebuilds\/[a-z0-9]+-[a-z0-9]+\/simsiam_native\.node$/, /^scripts\/install\.mjs$/,
    /^native\/(?!emu\/).+\.(cc|cu|cuh|h)$/, /^cmake\/[^/]+\.cmake$/];
  const stray = files.filter((p) => !allowed.some((re) => re.test(p)));
  check('tarball has nothing else (no tests, benchmarks, bundles, build folders, tsconfig, emulator)', stray.length === 0,
    stray.length ? stray.slice(0, 20).join(', ') : '');
  const forbidden = files.filter((p) => /^(dist\/(test|bench|scripts)\/|test\/|bench\/|build|node_modules\/|tsconfig|\.ci\/)|\.tar\.xz$|\.tgz$/.test(p));
  check('tarball has no dist/test, dist/bench, *.tar.xz, build/', forbidden.length === 0, forbidden.slice(0, 10).join(', '));
  // Every dist/src module has its types and its source, every src/ module its output.
  const js = files.filter((p) => /^dist\/src\/.+\.js$/.test(p));
  const noTypes = js.filter((p) => !has(p.replace(/\.js$/, '.d.ts')));
  const srcs = files.filter((p) => /^src\/.+\.ts$/.test(p));
  const noJs = srcs.filter((p) => !has(`dist/${p.replace(/\.ts$/, '.js')}`));
  check('each dist/src module has its .d.ts, each src/*.ts its compiled .js', noTypes.length === 0 && noJs.length === 0,
    [...noTypes, ...noJs].slice(0, 10).join(', '));
}

// ---- 2. offline install into an app with its own tfjs -------------------------------------------
function installOffline(app, tarball) {
  const r = npm(['install', '--offline', tarball], { cwd: app });
  const ok = check(`offline install of the tarball into an app with tfjs ${tfjs}`, r.status === 0, `${r.secs} s`);
  notes.push(`offline install, prebuilt path: ${r.secs} s`);
  if (!ok) return false;
  const mod = join(app, 'node_modules', 'simsiam-node');
  check('the install built nothing (no build/ in the package) and compiled no TypeScript',
    !existsSync(join(mod, 'build')) && !/tsc: not found|cmake-js/.test(r.out), r.out.match(/simsiam-node: .*/)?.[0] ?? '');
  const ls = npm(['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], { cwd: app, mayFail: true });
  const copies = ls.stdout.split('\n').filter((l) => l.trim());
  check(`one @tensorflow/tfjs-core in the app (${tfjs}, the app's)`, copies.length === 1 &&
    JSON.parse(readFileSync(join(copies[0], 'package.json'), 'utf8')).version === tfjs, copies.join(', '));
  const deps = JSON.parse(readFileSync(join(mod, 'package.json'), 'utf8'));
  check('tfjs is a peer dependency of the installed package, not a dependency',
    !Object.keys(deps.dependencies ?? {}).some((d) => d.startsWith('@tensorflow/')) && deps.peerDependencies['@tensorflow/tfjs-core']);
  return true;
}

/** A fresh app with no tfjs: npm installs the peer dependencies (from the cache), one copy each. */
function freshApp(tarball) {
  const app = scratchApp('fresh-app', []);
  const r = npm(['install', '--offline', tarball], { cwd: app, mayFail: true });
  check('offline install into an empty app (tfjs comes as the peer dependencies)', r.status === 0, r.status === 0 ? `${r.secs} s` : r.out.trim().split('\n').slice(-4).join(' | '));
  if (r.status !== 0) return;
  const ls = npm(['ls', '@tensorflow/tfjs-core', '--all', '--parseable'], { cwd: app, mayFail: true });
  const copies = ls.stdout.split('\n').filter((l) => l.trim());
  const run = sh(process.execPath, ['--input-type=module', '-e',
    "import { tf, simsiamLoss } from 'simsiam-node'; const x = tf.ones([2, 4]); console.log(simsiamLoss(x, x, x, x).dataSync()[0])"], { cwd: app, mayFail: true });
  check('the empty app: one tfjs-core, the loss kernel runs', copies.length === 1 && run.status === 0 && Math.abs(Number(run.stdout.trim()) + 1) < 1e-6,
    `${copies.length} tfjs-core, loss ${run.stdout.trim() || run.out.trim().split('\n').pop()}`);
}

// ---- 3. ESM and TypeScript ----------------------------------------------------------------------
const KERNEL_CHECK = `
import { createRequire } from 'node:module';
import * as tfApp from '@tensorflow/tfjs-core';
import { tf, simsiamLoss, nativeInfo, registeredKernels } from 'simsiam-node';
const require = createRequire(import.meta.url);
const cores = Object.keys(require.cache).filter((k) => /[\\\\/]@tensorflow[\\\\/]tfjs-core[\\\\/]/.test(k) && /tf-core\\.node\\.js$/.test(k));
const rand = (s) => tf.randomNormal([8, 16], 0, 1, 'float32', s);
const [p1, p2, z1, z2] = [1, 2, 3, 4].map(rand);
const loss = simsiamLoss(p1, p2, z1, z2).dataSync()[0];
const cos = (p, z) => tf.mean(tf.sum(tf.mul(tf.div(p, tf.norm(p, 2, 1, true)), tf.div(z, tf.norm(z, 2, 1, true))), 1));
const ref = tf.neg(tf.add(tf.mul(0.5, cos(p1, z2)), tf.mul(0.5, cos(p2, z1)))).dataSync()[0];
console.log(JSON.stringify({ node: process.version, core: tf.version_core, appCore: tfApp.version_core, sameModule: tf === tfApp,
  copies: cores.length, backend: tf.getBackend(), loss, ref, kernels: registeredKernels().length,
  addon: nativeInfo().build.addonPath, cuda: nativeInfo().build.cuda }));
`;

function kernelCheck(app, node = process.execPath, label = '') {
  const r = sh(node, ['kernel-check.mjs'], { cwd: app, mayFail: true });
  let v = null;
  try {
    v = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    console.log(r.out);
  }
  check(`${label}ESM import: the SimSiam loss kernel matches plain tfjs`, v && Math.abs(v.loss - v.ref) < 1e-5, v ? `${v.loss} vs ${v.ref}` : `exit ${r.status}`);
  check(`${label}one tfjs-core loaded, the app's ${tfjs}`, v && v.copies === 1 && v.core === tfjs && v.sameModule, v ? `copies ${v.copies}, core ${v.core}` : '');
  check(`${label}the prebuilt addon is the one loaded`, v && v.addon.includes(`${join('node_modules', 'simsiam-node', 'prebuilds')}`), v?.addon ?? '');
  const cjs = sh(node, ['-e', "const m = require('simsiam-node'); if (typeof m.train !== 'function' || typeof m.simsiamLoss !== 'function') process.exit(3)"],
    { cwd: app, mayFail: true });
  check(`${label}require() from CommonJS (require(esm), Node 20.19+/22.12+)`, cjs.status === 0, cjs.status === 0 ? '' : cjs.out.trim().split('\n').slice(0, 3).join(' | '));
  return v;
}

const CONSUMER_TS = `
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import {
  buildSimSiam, exportLayersModel, forwardView, loadExportedModel, loadTrainedModel, modelConfigOf, nativeInfo,
  PRESETS, resolveConfig, simsiamLoss, tf, train, TrainingDivergedError,
  type ModelConfig, type NativeInfo, type SimSiamModel, type TrainConfig, type TrainedModel, type TrainOptions, type TrainResult,
} from 'simsiam-node';

// Types only: the signatures a program relies on.
const config: TrainConfig = resolveConfig({ preset: 'mnist-demo', epochs: 1, trainLimit: 64, batchSize: 16 });
const options: TrainOptions = { log: (line: string) => void line, skipBaseline: true };
const start: (c: TrainConfig, o?: TrainOptions) => Promise<TrainResult> = train;
const load: (dir: string) => TrainedModel = loadTrainedModel;
const loadEncoder: (dir: string) => Promise<import('@tensorflow/tfjs-layers').LayersModel> = loadExportedModel;
const save: typeof exportLayersModel = exportLayersModel;
const info: NativeInfo = nativeInfo();
const presets: readonly string[] = Object.keys(PRESETS);
// @ts-expect-error: not a field of TrainConfig
config.epocs = 2;
void [start, load, loadEncoder, save, options, presets, TrainingDivergedError];

// The package.json export.
const pkgFile = createRequire(import.meta.url).resolve('simsiam-node/package.json');
const version: string = JSON.parse(readFileSync(pkgFile, 'utf8')).version;

// README's library example, type-checked (not run).
export async function readmeExample(): Promise<void> {
  const config = resolveConfig({ preset: 'mnist-demo', epochs: 3, out: 'runs/demo' });
  const result = await train(config);
  const { model } = loadTrainedModel('runs/demo');
  await exportLayersModel(model.backbone, 'encoder');
  const encoder = await loadExportedModel('encoder');
  void [result.knn?.top1, encoder.outputs];
}

// Run: a model from the config, one forward pass, the loss.
const modelConfig: ModelConfig = modelConfigOf(config);
const model: SimSiamModel = buildSimSiam(modelConfig, 0);
const x = tf.randomUniform([4, config.imageSize, config.imageSize, 3]);
const a = forwardView(model, x, true), b = forwardView(model, tf.reverse(x, 2), true);
const loss = simsiamLoss(a.p, b.p, a.z, b.z).dataSync()[0];
console.log(JSON.stringify({ version, loss, featureDim: model.featureDim, cuda: info.cuda.usable }));
`;

function typescript(app) {
  writeFileSync(join(app, 'consumer.ts'), CONSUMER_TS);
  const base = { strict: true, target: 'ES2022', skipLibCheck: true, types: ['node'], noEmit: true };
  const configs = {
    nodenext: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext', noEmit: false, outDir: 'out' },
    bundler: { ...base, module: 'ESNext', moduleResolution: 'Bundler' },
    // tfjs's own .d.ts do not pass a library check (hash_util's Long, LayersModel vs InferenceModel); ours must.
    declarations: { ...base, module: 'NodeNext', moduleResolution: 'NodeNext', skipLibCheck: false },
  };
  for (const [name, compilerOptions] of Object.entries(configs)) {
    writeFileSync(join(app, `tsconfig.${name}.json`), JSON.stringify({ compilerOptions, files: ['consumer.ts'] }, null, 2));
    const r = sh(join(app, 'node_modules', '.bin', 'tsc'), ['-p', `tsconfig.${name}.json`], { cwd: app, mayFail: true });
    const errors = r.out.split('\n').filter((l) => /error TS\d+/.test(l));
    if (name === 'declarations') {
      const ours = errors.filter((l) => /^(node_modules\/simsiam-node\/|consumer\.ts)/.test(l));
      check('TypeScript with skipLibCheck off: no error in simsiam-node\'s .d.ts files', ours.length === 0,
        ours.length ? ours.slice(0, 5).join(' | ') : `${errors.length} errors in tfjs's own .d.ts, none in simsiam-node's`);
      continue;
    }
    check(`TypeScript (${name === 'nodenext' ? 'NodeNext' : 'Bundler'} resolution, strict) type-checks the public API and the README example`,
      r.status === 0, r.status === 0 ? `${r.secs} s` : errors.slice(0, 8).join(' | '));
  }
  const r = sh(process.execPath, ['out/consumer.js'], { cwd: app, mayFail: true });
  let v = null;
  try {
    v = JSON.parse(r.stdout.trim().split('\n').pop());
  } catch {
    console.log(r.out);
  }
  check('the compiled TypeScript consumer runs (model from a config, forward, loss; ./package.json export)',
    v && v.version === pkg.version && Number.isFinite(v.loss), v ? JSON.stringify(v) : `exit ${r.status}`);
}

// ---- 4. CLI and a tiny training ----------------------------------------------------------------
const LOAD_CHECK = `
import { loadExportedModel, loadTrainedModel, tf } from 'simsiam-node';
const { model, epoch, config } = loadTrainedModel('run');
const encoder = await loadExportedModel('encoder');
const x = tf.zeros([2, config.imageSize, config.imageSize, 3]);
const a = model.backbone.predict(x), b = encoder.predict(x);
const diff = tf.max(tf.abs(tf.sub(a, b))).dataSync()[0];
console.log(JSON.stringify({ epoch, shape: b.shape, diff }));
`;

function cli(app) {
  const env = { npm_config_offline: 'true' };
  const info = sh('npx', ['simsiam', 'info'], { cwd: app, env, mayFail: true });
  check('npx simsiam info', info.status === 0 && /prebuilds/.test(info.out), info.out.match(/native addon: .*/)?.[0] ?? `exit ${info.status}`);
  const version = sh('npx', ['simsiam', '--version'], { cwd: app, env, mayFail: true });
  check('npx simsiam --version', version.stdout.trim().endsWith(pkg.version), version.stdout.trim());
  const t = sh('npx', ['simsiam', 'train', '--epochs', '1', '--train-limit', '256', '--batch-size', '32', '--out', 'run'], { cwd: app, env, mayFail: true });
  const ok = check('npx simsiam train: one epoch, 256 images, batch 32', t.status === 0 && existsSync(join(app, 'run', 'checkpoint.ckpt')),
    t.status === 0 ? `${t.secs} s` : t.out.trim().split('\n').slice(-5).join(' | '));
  notes.push(`one-epoch tiny training (256 MNIST images, batch 32): ${t.secs} s`);
  if (!ok) return;
  const e = sh('npx', ['simsiam', 'export', '--checkpoint', 'run', '--out', 'encoder'], { cwd: app, env, mayFail: true });
  check('npx simsiam export', e.status === 0 && existsSync(join(app, 'encoder', 'model.json')), e.status === 0 ? '' : e.out.trim().split('\n').pop());
  writeFileSync(join(app, 'load-check.mjs'), LOAD_CHECK);
  const l = sh(process.execPath, ['load-check.mjs'], { cwd: app, mayFail: true });
  let v = null;
  try {
    v = JSON.parse(l.stdout.trim().split('\n').pop());
  } catch {
    console.log(l.out);
  }
  check('the API loads the checkpoint (loadTrainedModel) and the exported encoder (loadExportedModel): same features',
    v && v.epoch === 1 && v.diff < 1e-4, v ? JSON.stringify(v) : `exit ${l.status}`);
}

// ---- 5. other Node versions --------------------------------------------------------------------
function otherNodes(app) {
  for (const node of (process.env.SIMSIAM_PKG_NODES ?? '').split(/\s+/).filter(Boolean)) {
    const version = sh(node, ['--version'], { mayFail: true }).stdout.trim();
    const label = `Node ${version}: `;
    kernelCheck(app, node, label);
    const env = { PATH: `${dirname(node)}:${process.env.PATH}`, npm_config_offline: 'true' };
    const info = sh('npx', ['simsiam', 'info'], { cwd: app, env, mayFail: true });
    check(`${label}npx simsiam info`, info.status === 0, info.status === 0 ? '' : info.out.trim().split('\n').pop());
  }
}

// ---- 6. no toolchain ---------------------------------------------------------------------------
function withoutToolchain(app) {
  // PATH: node and sh only (no cmake, no c++); npm is run by its path.
  const bin = join(work, 'bare-bin');
  mkdirSync(bin, { recursive: true });
  if (!existsSync(join(bin, 'node'))) symlinkSync(process.execPath, join(bin, 'node'));
  if (!existsSync(join(bin, 'sh'))) symlinkSync('/bin/sh', join(bin, 'sh'));
  const npmCli = join(dirname(dirname(process.execPath)), 'lib', 'node_modules', 'npm', 'bin', 'npm-cli.js');
  const bare = (args) => sh(process.execPath, [existsSync(npmCli) ? npmCli : process.env.npm_execpath, '--no-audit', '--no-fund', ...args],
    { cwd: app, env: { PATH: bin, CXX: '' }, mayFail: true });
  const keep = bare(['rebuild', 'simsiam-node', '--foreground-scripts']);
  check('no cmake, no compiler: `npm rebuild simsiam-node` keeps the prebuilt addon', keep.status === 0 && !/building/.test(keep.out),
    keep.status === 0 ? '' : keep.out.trim().split('\n').slice(-4).join(' | '));
  const forced = bare(['rebuild', 'simsiam-node', '--build-from-source', '--foreground-scripts']);
  check('no cmake, no compiler: `--build-from-source` fails naming cmake, the compiler and `npm rebuild simsiam-node`',
    forced.status !== 0 && /cmake >= 3\.18/.test(forced.out) && /C\+\+17 compiler/.test(forced.out) && /npm rebuild simsiam-node/.test(forced.out),
    forced.out.match(/simsiam-node: cannot build.*/)?.[0] ?? `exit ${forced.status}`);
  // A platform without a prebuilt addon: the same advice from npm and from the import.
  rmSync(join(app, 'node_modules', 'simsiam-node', 'prebuilds'), { recursive: true, force: true });
  const none = bare(['rebuild', 'simsiam-node', '--foreground-scripts']);
  check('no prebuilt addon and no toolchain: the install step says what is missing and how to rebuild',
    none.status !== 0 && /no prebuilt addon for/.test(none.out) && /npm rebuild simsiam-node/.test(none.out), `exit ${none.status}`);
  const imp = sh(process.execPath, ['--input-type=module', '-e', "await import('simsiam-node')"], { cwd: app, mayFail: true });
  check('no addon: importing the package says how to build it', imp.status !== 0 && /npm rebuild simsiam-node --build-from-source/.test(imp.out),
    imp.out.match(/simsiam-node: the native addon is not built.{0,60}/)?.[0] ?? `exit ${imp.status}`);
}

// ---- 7. forced source build --------------------------------------------------------------------
function sourceBuild(tarball, cuda) {
  const app = scratchApp('source-build-app', [`@tensorflow/tfjs-core@${tfjs}`, `@tensorflow/tfjs-layers@${tfjs}`, `@tensorflow/tfjs-backend-cpu@${tfjs}`]);
  const r = npm(['install', '--offline', '--build-from-source', '--foreground-scripts', tarball], { cwd: app, mayFail: true, env: { SIMSIAM_CUDA: cuda } });
  const built = join(app, 'node_modules', 'simsiam-node', 'build', 'Release', 'simsiam_native.node');
  check(`offline install with --build-from-source (SIMSIAM_CUDA=${cuda})`, r.status === 0 && existsSync(built),
    r.status === 0 ? `${r.secs} s` : r.out.trim().split('\n').slice(-12).join(' | '));
  notes.push(`offline install, forced source build (SIMSIAM_CUDA=${cuda}): ${r.secs} s`);
  const info = sh('npx', ['simsiam', 'info'], { cwd: app, env: { npm_config_offline: 'true' }, mayFail: true });
  check('the source build is the addon loaded', info.status === 0 && /build[\\/]Release/.test(info.out), info.out.match(/native addon: .*/)?.[0] ?? '');
}

function main() {
  console.log(`package test in ${work} (node ${process.version}, npm ${sh('npm', ['--version']).stdout.trim()}, tfjs ${tfjs} in the app)`);
  const packed = pack();
  if (packed) {
    checkFileList(packed.files);
    warmCache();
    const app = scratchApp('app', [`@tensorflow/tfjs-core@${tfjs}`, `@tensorflow/tfjs-layers@${tfjs}`, `@tensorflow/tfjs-backend-cpu@${tfjs}`,
      `typescript@${devVersion('typescript')}`, `@types/node@${devVersion('@types/node')}`]);
    if (installOffline(app, packed.tarball)) {
      writeFileSync(join(app, 'kernel-check.mjs'), KERNEL_CHECK);
      kernelCheck(app);
      typescript(app);
      cli(app);
      otherNodes(app);
      withoutToolchain(app);
    }
    freshApp(packed.tarball);
    const source = process.env.SIMSIAM_PKG_SOURCE_BUILD;
    if (source) sourceBuild(packed.tarball, source === '1' ? 'AUTO' : source.toUpperCase());
  }
  for (const n of notes) console.log(`measured: ${n}`);
  console.log(`package test took ${seconds(started)} s`);
  if (process.env.SIMSIAM_PKG_KEEP === '1') console.log(`kept ${work}`);
  else rmSync(work, { recursive: true, force: true });
  console.log(`${passed} passed, ${failed} failed`);
  process.exitCode = failed ? 1 : 0;
}

main();
