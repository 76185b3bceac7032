// Bias and activation of FusedConv2D / _FusedMatMul for the native kernels
// (native/gemm/Epilogue.h): y = act(y + bias). Natively only bias and PReLU
// weights that broadcast along the last (channel) axis alone: 1 or N values.
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { hostFloat32 } from '../host_io.js';

// Codes of native/gemm/Epilogue.h (also used by the cuda kernels' epilogue).
export const ACTIVATIONS: Record<string, number> = {
  linear: 0, relu: 1, relu6: 2, elu: 3, leakyrelu: 4, prelu: 5, sigmoid: 6,
};

export interface NativeEpilogue {
  bias: Float32Array | null;
  prelu: Float32Array | null;
  activation: number;
  leakyAlpha: number;
}

// Shapes [], [1], [N], [1, ..., 1, N] of rank <= the output's.
function perChannel(t: TensorInfo, outShape: number[]): boolean {
  const n = outShape[outShape.length - 1];
  const s = t.shape;
  if (t.dtype !== 'float32' || s.length > outShape.length) return false;
  if (s.slice(0, -1).some((d) => d !== 1)) return false;
  return s.length === 0 || s[s.length - 1] === 1 || s[s.length - 1] === n;
}

/** The native epilogue, or null where the stock kernel must run. */
export function nativeEpilogue(backend: unknown, outShape: number[], bias: TensorInfo | undefined,
  preluWeights: TensorInfo | undefined, activation: string | undefined, leakyreluAlpha: number | undefined,
): NativeEpilogue | null {
  // The stock kernels skip a falsy activation and throw on an unknown one.
  const code = activation ? ACTIVATIONS[activation] : 0;
  if (code === undefined) return null;
  if (bias && !perChannel(bias, outShape)) return null;
  const usesPrelu = activation === 'prelu';
  if (usesPrelu && (!preluWeights || !perChannel(preluWeights, outShape))) return null;
  return {
    bias: bias ? hostFloat32(backend, bias) : null,
    prelu: usesPrelu ? hostFloat32(backend, preluWeights as TensorInfo) : null,
    activation: code,
    // LeakyRelu with an undefined alpha gives NaN for x < 0 in the stock kernel too.
    leakyAlpha: leakyreluAlpha ?? NaN,
  };
}
