// The one module that loads the compiled addon (found by ./locate.ts: a
// source build, else the package's prebuilt binary) and declares its exports:
// host-array kernels at the top level, the `cuda` backend's device under
// `device` (buffer ids). The per-area files beside this one hold only types;
// nothing here imports from the rest of the package.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { addonCandidates, isMusl, loadFailureMessage, missingAddonMessage, packageRoot, type CandidateKind } from './locate.js';
import type { CollectivesBinding, CollectivesDeviceBinding } from './collectives.js';
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
export type { CollectiveFailureKind, RawCollectivesInfo, RawGlooGroup, RawGlooOptions } from './collectives.js';

export interface DeviceBinding extends DeviceMemoryBinding, ElementwiseDeviceBinding, ReductionDeviceBinding,
  MovementDeviceBinding, LinalgDeviceBinding, FusedDeviceBinding, CollectivesDeviceBinding {}

export interface NativeBinding extends InfoBinding, ElementwiseBinding, ReductionBinding, MovementBinding,
  LinalgBinding, FusedBinding, CollectivesBinding {
  device: DeviceBinding;
}

function load(): { binding: NativeBinding; path: string; kind: CandidateKind } {
  const require = createRequire(import.meta.url);
  const tried = addonCandidates();
  const found = tried.find((c) => existsSync(c.path));
  const root = () => {
    try {
      return packageRoot();
    } catch {
      return '';
    }
  };
  if (!found) throw new Error(missingAddonMessage(tried, { root: root() }));
  try {
    return { binding: require(found.path) as NativeBinding, path: found.path, kind: found.kind };
  } catch (e) {
    throw new Error(loadFailureMessage(found, e, { root: root(), musl: isMusl() }), { cause: e });
  }
}

const loaded = load();
export const native: NativeBinding = loaded.binding;
export const addonPath: string = loaded.path;
/** Which addon was loaded: a source build in the package, the prebuilt one, or SIMSIAM_NATIVE(_ADDON). */
export const addonKind: CandidateKind = loaded.kind;
