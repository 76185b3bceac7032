// The bias/activation epilogue of _FusedMatMul and FusedConv2D on the device
// (native/kernels/LinalgOps.h): y = act(y + bias[(i / inner) % period]), the
// PReLU weights alike. That covers every bias whose non-1 dimensions are one
// contiguous run equal to the output's (scalar, [N], [M, 1], [M, N], [B, M, N],
// ...); anything else runs on the host (host_fallback.ts).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { ACTIVATIONS } from '../../../kernels/shared/op_codes.js';


export interface DeviceEpilogue {
  bias: TensorInfo | null;
  prelu: TensorInfo | null;
  /** [activation, leakyAlpha, biasInner, biasPeriod, preluInner, preluPeriod] */
  args: Float64Array;
}

/** [inner, period] of t broadcast against outShape, or null (not a contiguous run, or it would grow the output). */
export function broadcastPeriod(t: TensorInfo, outShape: readonly number[]): [number, number] | null {
  const s = t.shape, off = outShape.length - s.length;
  if (off < 0) return null;
  let first = -1, last = -1;
  for (let d = 0; d < s.length; d++) {
    if (s[d] === 1) continue;
    if (s[d] !== outShape[d + off]) return null;
    if (first < 0) first = d + off;
    last = d + off;
  }
  if (first < 0) return [1, 1];
  let period = 1, inner = 1;
  for (let d = first; d <= last; d++) {
    if (s[d - off] !== outShape[d]) return null;  // a 1 inside the run against a larger output dim
    period *= outShape[d];
  }
  for (let d = last + 1; d < outShape.length; d++) inner *= outShape[d];
  return [inner, period];
}

/** The device epilogue, or null where the kernel must run on the host. */
export function deviceEpilogue(outShape: readonly number[], bias: TensorInfo | undefined,
  preluWeights: TensorInfo | undefined, activation: string | undefined, leakyreluAlpha: number | undefined,
): DeviceEpilogue | null {
  // The stock kernels skip a falsy activation and throw on an unknown one.
  const code = activation ? ACTIVATIONS[activation] : 0;
  if (code === undefined) return null;
  let biasPeriod: [number, number] = [1, 1], preluPeriod: [number, number] = [1, 1];
  if (bias) {
    const p = bias.dtype === 'float32' ? broadcastPeriod(bias, outShape) : null;
    if (!p) return null;
    biasPeriod = p;
  }
  const usesPrelu = activation === 'prelu';
  if (usesPrelu) {
    const p = preluWeights && preluWeights.dtype === 'float32' ? broadcastPeriod(preluWeights, outShape) : null;
    if (!p) return null;
    preluPeriod = p;
  }
  return {
    bias: bias ?? null,
    prelu: usesPrelu ? preluWeights as TensorInfo : null,
    // LeakyRelu with an undefined alpha gives NaN for x < 0 in the stock kernel too.
    args: Float64Array.of(code, leakyreluAlpha ?? NaN, ...biasPeriod, ...preluPeriod),
  };
}
