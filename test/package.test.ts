// The npm package's shape without building it: where the loader looks for the
// addon and what it says when there is none, and the tarball's file list as
// `npm pack --dry-run` computes it from package.json's `files`. The real pack
// and install: scripts/package-test.mjs (`npm run test:package`, run by CI).
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import {
  addonCandidates, findAddon, loadFailureMessage, missingAddonMessage, packageRoot, prebuildTag,
} from '../src/native/locate.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8'));
const scratch = mkdtempSync(join(tmpdir(), 'simsiam-locate-'));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

/** An installed-package layout: package.json, and the given files (empty). */
function fakePackage(name: string, files: string[]): string {
  const root = join(scratch, name);
  mkdirSync(root, { recursive: true });
  writeFileSync(join(root, 'package.json'), JSON.stringify({ name: 'simsiam-node', version: '0.0.0' }));
  for (const f of files) {
    mkdirSync(dirname(join(root, f)), { recursive: true });
    writeFileSync(join(root, f), '');
  }
  return root;
}

describe('addon location', () => {
  it('looks at the source build first, then the prebuilt addon for this platform and architecture', () => {
    const root = fakePackage('order', []);
    expect(addonCandidates({ root, env: {}, platform: 'linux', arch: 'x64' })).toEqual([
      { path: join(root, 'build', 'Release', 'simsiam_native.node'), kind: 'source build' },
      { path: join(root, 'build', 'Debug', 'simsiam_native.node'), kind: 'source build' },
      { path: join(root, 'prebuilds', 'linux-x64', 'simsiam_native.node'), kind: 'prebuilt' },
    ]);
    expect(prebuildTag('darwin', 'arm64')).toBe('darwin-arm64');
  });

  it('takes the prebuilt addon when there is no source build, and a source build over it', () => {
    const prebuilt = fakePackage('prebuilt', ['prebuilds/linux-x64/simsiam_native.node']);
    expect(findAddon({ root: prebuilt, env: {}, platform: 'linux', arch: 'x64' })?.kind).toBe('prebuilt');
    expect(findAddon({ root: prebuilt, env: {}, platform: 'linux', arch: 'arm64' })).toBeNull();
    const both = fakePackage('both', ['prebuilds/linux-x64/simsiam_native.node', 'build/Release/simsiam_native.node']);
    expect(findAddon({ root: both, env: {}, platform: 'linux', arch: 'x64' })).toEqual(
      { path: join(both, 'build', 'Release', 'simsiam_native.node'), kind: 'source build' });
  });

  it('SIMSIAM_NATIVE_ADDON must exist; SIMSIAM_NATIVE replaces the search', () => {
    const root = fakePackage('override', ['elsewhere.node']);
    expect(addonCandidates({ root, env: { SIMSIAM_NATIVE: '/x/y.node' } })).toEqual([{ path: '/x/y.node', kind: 'override' }]);
    expect(addonCandidates({ root, env: { SIMSIAM_NATIVE_ADDON: join(root, 'elsewhere.node') } })[0].kind).toBe('override');
    expect(() => addonCandidates({ root, env: { SIMSIAM_NATIVE_ADDON: join(root, 'missing.node') } })).toThrow(/no such file/);
  });

  it('without an addon, an installed package says how to rebuild it with npm; a checkout says npm run build:native', () => {
    const installed = fakePackage('installed', []);
    const tried = addonCandidates({ root: installed, env: {}, platform: 'linux', arch: 'arm64' });
    const message = missingAddonMessage(tried, { root: installed, platform: 'linux', arch: 'arm64' });
    expect(message).toMatch(/no prebuilt addon for linux-arm64/);
    expect(message).toMatch(/npm rebuild simsiam-node --build-from-source/);
    expect(message).toMatch(/cmake >= 3\.18 and a C\+\+17 compiler/);
    expect(message).not.toMatch(/npm run/);
    const checkout = fakePackage('checkout', ['tsconfig.json', 'src/index.ts']);
    expect(missingAddonMessage([], { root: checkout })).toMatch(/npm run build:native/);
  });

  it('a prebuilt addon that does not load is reported with the cause, and the musl hint on musl', () => {
    const root = fakePackage('broken', []);
    const c = { path: join(root, 'prebuilds', 'linux-x64', 'simsiam_native.node'), kind: 'prebuilt' as const };
    const message = loadFailureMessage(c, new Error('Error relocating: symbol not found'), { root, musl: true });
    expect(message).toMatch(/prebuilt addon .* does not load: Error relocating: symbol not found/);
    expect(message).toMatch(/uses musl/);
    expect(message).toMatch(/npm rebuild simsiam-node --build-from-source/);
  });

  it('finds the package root from a module inside it', () => {
    expect(packageRoot(import.meta.url)).toBe(repo);
  });
});

describe('package.json', () => {
  it('tfjs is a peer dependency (and a dev dependency here), never a dependency', () => {
    for (const name of ['@tensorflow/tfjs-core', '@tensorflow/tfjs-layers', '@tensorflow/tfjs-backend-cpu']) {
      expect(pkg.dependencies[name]).toBeUndefined();
      expect(pkg.peerDependencies[name]).toMatch(/^\^4\./);
      expect(pkg.devDependencies[name]).toBeDefined();
    }
  });

  it('exports the entry (with types) and ./package.json; the install step needs no dev dependency', () => {
    expect(pkg.exports['.']).toEqual({ types: './dist/src/index.d.ts', default: './dist/src/index.js' });
    expect(pkg.exports['./package.json']).toBe('./package.json');
    expect(pkg.scripts.install).toBe('node scripts/install.mjs');
    const install = readFileSync(join(repo, 'scripts', 'install.mjs'), 'utf8');
    expect(install).not.toMatch(/from '(typescript|vitest|esbuild)'/);
    expect(pkg.dependencies['cmake-js']).toBeDefined();
    expect(pkg.license).toBe('MIT');
    expect(readFileSync(join(repo, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n\nCopyright \(c\) \d{4} simsiam-node contributors/);
  });

  it('npm pack ships the compiled src, the prebuilds, the install script and the native sources, nothing else', () => {
    const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: repo, encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    const files: string[] = JSON.parse(r.stdout.slice(r.stdout.search(/^\[\s*\{\s*"id"/m)))[0].files.map((f: { path: string }) => f.path);
    for (const f of ['package.json', 'LICENSE', 'README.md', 'scripts/install.mjs', 'CMakeLists.txt', 'native/addon.cc', 'src/index.ts'])
      expect(files).toContain(f);
    const allowed = [/^(package\.json|LICENSE|README\.md|CMakeLists\.txt|binding\.gyp\.md)$/, /^dist\/src\/.+\.(js|js\.map|d\.ts)$/,
      /^src\/.+\.ts$/, /^prebuilds\/[a-z0-9]+-[a-z0-9]+\/simsiam_native\.node$/, /^scripts\/install\.mjs$/,
      /^native\/(?!emu\/).+\.(cc|cu|cuh|h)$/, /^cmake\/[^/]+\.cmake$/];
    expect(files.filter((f) => !allowed.some((re) => re.test(f)))).toEqual([]);
  });
});
