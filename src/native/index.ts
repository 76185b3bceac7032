// The one module that loads the compiled addon and declares its exports:
// host-array kernels at the top level, the `cuda` backend's device under
// `device` (buffer ids). The per-area files beside this one hold only types;
// nothing here imports from the rest of the package.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ElementwiseBinding, ElementwiseDeviceBinding } from './elementwise.js';
import type { FusedBinding, FusedDeviceBinding } from './fused.js';
import type { InfoBinding } from './info.js';
import type { LinalgBinding, LinalgDeviceBinding } from './linalg.js';
import type { DeviceMemoryBinding } from './memory.js';
import type { MovementBinding, MovementDeviceBinding } from './movement.js';
import type { ReductionBinding, ReductionDeviceBinding } from './reduction.js';

export type { RawDeviceInfo } from './info.js';
export type { DeviceMemoryInfo, DeviceMode } from './memory.js';
export type { LibraryStatus } from './linalg.js';
export type { RawAugmentConfig, RawAugmentViews } from './fused.js';

export interface DeviceBinding extends DeviceMemoryBinding, ElementwiseDeviceBinding, ReductionDeviceBinding,
  MovementDeviceBinding, LinalgDeviceBinding, FusedDeviceBinding {}

export interface NativeBinding extends InfoBinding, ElementwiseBinding, ReductionBinding, MovementBinding,
  LinalgBinding, FusedBinding {
  device: DeviceBinding;
}

function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, 'package.json');
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, 'utf8')).name === 'simsiam-node') return dir;
    const parent = dirname(dir);
    if (parent === dir) throw new Error('simsiam-node: cannot find the package root above ' + import.meta.url);
    dir = parent;
  }
}

/**
 * Where the addon was looked for, in order. SIMSIAM_NATIVE_ADDON (e.g. the
 * emulated build of scripts/emu-suite.sh) must name an existing file;
 * SIMSIAM_NATIVE overrides the search.
 */
function addonCandidates(): string[] {
  const addon = process.env.SIMSIAM_NATIVE_ADDON;
  if (addon) {
    if (!existsSync(addon)) throw new Error(`simsiam-node: SIMSIAM_NATIVE_ADDON=${addon}: no such file`);
    return [addon];
  }
  if (process.env.SIMSIAM_NATIVE) return [process.env.SIMSIAM_NATIVE];
  const root = packageRoot();
  return [join(root, 'build', 'Release', 'simsiam_native.node'), join(root, 'build', 'Debug', 'simsiam_native.node')];
}

function load(): { binding: NativeBinding; path: string } {
  const require = createRequire(import.meta.url);
  const tried = addonCandidates();
  for (const path of tried) {
    if (existsSync(path)) return { binding: require(path) as NativeBinding, path };
  }
  throw new Error(
    `simsiam-node: the native addon is not built (looked for ${tried.join(', ')}). ` +
      'Run `npm run build:native` (needs cmake and a C++ compiler; see binding.gyp.md).',
  );
}

const loaded = load();
export const native: NativeBinding = loaded.binding;
export const addonPath: string = loaded.path;
