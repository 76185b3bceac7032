// Where the compiled addon is, as node-gyp-build looks: a source build in the
// package (build/Release, then build/Debug) first, else the prebuilt binary
// that ships in the npm package for this platform and architecture,
// prebuilds/<platform>-<arch>/simsiam_native.node (linux-x64: glibc). Used by
// ./index.ts (the loader) and by scripts/install.mjs (npm's install step,
// which builds from source only when nothing here loads). Imports nothing else
// of the package.
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ADDON_FILE = 'simsiam_native.node';
export const PACKAGE_NAME = 'simsiam-node';

/** The prebuilt binaries in the package: the platform-arch folders under prebuilds/. */
export function prebuildTag(platform: string = process.platform, arch: string = process.arch): string {
  return `${platform}-${arch}`;
}

/** The folder of simsiam-node's package.json above `from` (a file URL or path of one of its modules). */
export function packageRoot(from: string = import.meta.url): string {
  let dir = dirname(from.startsWith('file:') ? fileURLToPath(from) : from);
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === PACKAGE_NAME) return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`${PACKAGE_NAME}: cannot find the package root above ${from}`);
    dir = parent;
  }
}

export type CandidateKind = 'override' | 'source build' | 'prebuilt';

export interface Candidate {
  path: string;
  kind: CandidateKind;
}

export interface LocateOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  platform?: string;
  arch?: string;
}

/**
 * Where the addon is looked for, in order. SIMSIAM_NATIVE_ADDON (e.g. the
 * emulated build of scripts/emu-suite.sh) must name an existing file;
 * SIMSIAM_NATIVE overrides the search.
 */
export function addonCandidates(o: LocateOptions = {}): Candidate[] {
  const env = o.env ?? process.env;
  const addon = env.SIMSIAM_NATIVE_ADDON;
  if (addon) {
    if (!existsSync(addon)) throw new Error(`${PACKAGE_NAME}: SIMSIAM_NATIVE_ADDON=${addon}: no such file`);
    return [{ path: addon, kind: 'override' }];
  }
  if (env.SIMSIAM_NATIVE) return [{ path: env.SIMSIAM_NATIVE, kind: 'override' }];
  const root = o.root ?? packageRoot();
  return [
    { path: join(root, 'build', 'Release', ADDON_FILE), kind: 'source build' },
    { path: join(root, 'build', 'Debug', ADDON_FILE), kind: 'source build' },
    { path: join(root, 'prebuilds', prebuildTag(o.platform, o.arch), ADDON_FILE), kind: 'prebuilt' },
  ];
}

/** The first candidate that exists, or null. */
export function findAddon(o: LocateOptions = {}): Candidate | null {
  return addonCandidates(o).find((c) => existsSync(c.path)) ?? null;
}

/** True on Linux with musl instead of glibc (the linux prebuilds are glibc builds). */
export function isMusl(platform: string = process.platform): boolean {
  if (platform !== 'linux') return false;
  const report = process.report as (NodeJS.ProcessReport & { excludeNetwork?: boolean }) | undefined;
  if (!report) return false;
  const before = report.excludeNetwork;
  report.excludeNetwork = true;
  try {
    const header = (report.getReport() as { header?: { glibcVersionRuntime?: string } }).header;
    return !header?.glibcVersionRuntime;
  } finally {
    report.excludeNetwork = before;
  }
}

/** How to get an addon when none was found: the same advice as the install step's. */
export function rebuildAdvice(inSourceTree: boolean): string {
  return inSourceTree
    ? 'Build it with `npm run build:native` (needs cmake >= 3.18 and a C++17 compiler; see binding.gyp.md).'
    : `Build it from source with \`npm rebuild ${PACKAGE_NAME} --build-from-source --foreground-scripts\` ` +
        '(needs cmake >= 3.18 and a C++17 compiler such as g++ >= 9; the CUDA kernels also need nvcc; where npm ' +
        `skips dependencies' install scripts until approved: \`npm install-scripts approve ${PACKAGE_NAME}\` first).`;
}

/** A source checkout (TypeScript sources and tsconfig.json) rather than the installed npm package. */
export function isSourceTree(root: string): boolean {
  return existsSync(join(root, 'tsconfig.json')) && existsSync(join(root, 'src', 'index.ts'));
}

/** The error for "no addon found": every place looked at, and how to build one. */
export function missingAddonMessage(tried: Candidate[], o: { root: string; platform?: string; arch?: string }): string {
  return `${PACKAGE_NAME}: the native addon is not built (looked for ${tried.map((c) => c.path).join(', ')}; ` +
    `this package has no prebuilt addon for ${prebuildTag(o.platform, o.arch)}). ` + rebuildAdvice(isSourceTree(o.root));
}

/** The error for an addon that exists but does not load (wrong libc, missing library, a broken build). */
export function loadFailureMessage(c: Candidate, cause: unknown, o: { root: string; musl?: boolean }): string {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const hint = c.kind === 'prebuilt' && o.musl ? ' The prebuilt addon is for glibc Linux and this system uses musl.' : '';
  return `${PACKAGE_NAME}: the ${c.kind} addon ${c.path} does not load: ${reason}.${hint} ` + rebuildAdvice(isSourceTree(o.root));
}
