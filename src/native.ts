// The one module that loads the compiled addon and declares its interface.
// Everything else imports `native` from here.
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { DeviceBinding } from './backend/cuda/binding/index.js';

export interface RawDeviceInfo {
  build: {
    cuda: boolean;
    cudaArchitectures: string[];
    cudaRuntimeVersion: number;
    buildType: string;
    compiler: string;
    napiVersion: number;
    threads: number;
  };
  cuda: {
    driverVersion: number;
    devices: Array<{
      index: number;
      name: string;
      computeCapability: string;
      multiprocessors: number;
      totalMemory: number;
      freeMemory: number;
    }>;
    reason: string | null;
  };
}

/** Fields by name; see native/kernels/AugmentParams.h. */
export interface RawAugmentConfig {
  size: number;
  scaleMin: number;
  scaleMax: number;
  ratioMin: number;
  ratioMax: number;
  flipProb: number;
  jitterProb: number;
  brightness: number;
  contrast: number;
  saturation: number;
  hue: number;
  grayscaleProb: number;
  blurProb: number;
  blurSigmaMin: number;
  blurSigmaMax: number;
  mean: number[];
  std: number[];
}

/** native.augment's result: [n, S, S, 3] views; params [2 * n * augmentParamFields] when asked for. */
export interface RawAugmentViews {
  view1: Float32Array;
  view2: Float32Array;
  params: Float64Array | null;
}

export interface NativeBinding {
  /** The device under the `cuda` tfjs backend (src/backend/cuda/binding.ts). */
  device: DeviceBinding;
  deviceInfo(): RawDeviceInfo;
  philox4x32(counter: Uint32Array, key: Uint32Array): Uint32Array;
  /** Fused loss over 1 or 2 (p, z) pairs on the CPU; fills grads (dL/dp for dy = 1) and returns L. */
  pairLoss(ps: Float32Array[], zs: Float32Array[], grads: Array<Float32Array | null>, B: number, D: number,
    weight: number): number;
  /** One SGD-with-momentum step (native/kernels/SgdUpdate.h); buf null on the first step. */
  sgdUpdate(w: Float32Array, g: Float32Array, buf: Float32Array | null, lr: number, momentum: number,
    weightDecay: number, wOut: Float32Array, bufOut: Float32Array): void;
  /** y = current - (current - value) * decay (native/kernels/MovingAverage.h). */
  movingAverage(current: Float32Array, value: Float32Array, decay: number, y: Float32Array): void;
  /** out = dy * grad: the backward of the fused loss. */
  scaleGrad(grad: Float32Array, dy: number, out: Float32Array): void;
  /**
   * Both views of RGB8 host images on the CPU (native.device.augmentImages on
   * the cuda backend), in buffers the addon allocates; async works on a copy
   * of the pixels, so the caller may reuse or transfer them at once.
   */
  augment(images: Uint8Array[], heights: Int32Array, widths: Int32Array, config: RawAugmentConfig, seed: number,
    wantParams: boolean, async: true): Promise<RawAugmentViews>;
  augment(images: Uint8Array[], heights: Int32Array, widths: Int32Array, config: RawAugmentConfig, seed: number,
    wantParams: boolean, async: false): RawAugmentViews;
  augmentParamFields: number;
  /** BatchNorm training forward over x as [M, C]: fills y, mean, variance (biased). */
  batchNormTraining(x: Float32Array, M: number, C: number, gamma: Float32Array, beta: Float32Array, epsilon: number,
    y: Float32Array, mean: Float32Array, variance: Float32Array): void;
  batchNormTrainingGrad(dy: Float32Array, x: Float32Array, M: number, C: number, gamma: Float32Array, mean: Float32Array,
    variance: Float32Array, dMean: Float32Array | null, dVariance: Float32Array | null, epsilon: number,
    dx: Float32Array, dgamma: Float32Array, dbeta: Float32Array): void;
  /** y = act(conv(x, filter) + bias), NHWC; geometry: src/kernels/cpu/conv_geometry.ts. */
  conv2d(x: Float32Array, filter: Float32Array, geometry: Int32Array, y: Float32Array, bias: Float32Array | null,
    prelu: Float32Array | null, activation: number, leakyAlpha: number): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, geometry: Int32Array, dx: Float32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, geometry: Int32Array, dw: Float32Array): void;
  /** c[i] = act(op(a[aIndex[i]]) op(b[bIndex[i]]) + bias); dims: [batch, M, N, K, transposeA, transposeB]. */
  batchMatMul(a: Float32Array, b: Float32Array, c: Float32Array, dims: Int32Array, aIndex: Int32Array,
    bIndex: Int32Array, bias: Float32Array | null, prelu: Float32Array | null, activation: number,
    leakyAlpha: number): void;
  /** c = op(a) op(b), row-major; reference: the plain triple loop instead of the blocked GEMM. */
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, a: Float32Array, b: Float32Array,
    c: Float32Array, reference: boolean): void;
  /** Register tile and instruction set the GEMM was compiled for. */
  gemmConfig(): { mr: number; nr: number; kc: number; isa: string };
  // Element-wise, reduction and data-movement kernels (src/kernels/cpu/shape_args.ts
  // fills `shape`: the rank, then rank-long fields; op codes there too).
  /** y = op(a, b) with broadcasting; shape: rank, out, a, b (right-aligned to rank). */
  binary(op: number, a: Float32Array, b: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** y = op(x) over the reduced dims; shape: rank, dims, reduced (0/1). */
  reduce(op: number, x: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** shape: rank, dims, reps. */
  tile(x: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** shape: rank, dims, begin, size. */
  slice(x: Float32Array, y: Float32Array, shape: Int32Array): void;
  /** shape: rank, dims, before, after. */
  padV2(x: Float32Array, y: Float32Array, shape: Int32Array, value: number): void;
  /** y = op(x) element-wise; alpha: Step's value for x <= 0. */
  unary(op: number, x: Float32Array, y: Float32Array, alpha: number): void;
  /** y = offset + (x - mean) * scale / sqrt(variance + epsilon), parameters of 1 or L values cycling over x. */
  fusedBatchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null,
    scale: Float32Array | null, epsilon: number, y: Float32Array): void;
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
export function addonCandidates(): string[] {
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
