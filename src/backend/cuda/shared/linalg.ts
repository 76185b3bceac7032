// Shared by the matrix-product and convolution kernels (native/kernels/LinalgDevice.h):
// the bias/activation epilogue, and the kernels that differ only by it
// (BatchMatMul / _FusedMatMul, Conv2D / FusedConv2D).
import type { BatchMatMulAttrs, Conv2DAttrs, FusedConv2DAttrs, KernelConfig, TensorInfo, _FusedMatMulAttrs } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { nativeConv } from '../../../kernels/shared/conv_geometry.js';
import { matMulPlan } from '../../../kernels/shared/mat_mul_plan.js';
import { ACTIVATIONS } from '../../../kernels/shared/op_codes.js';
import { isFloat32 } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

interface DeviceEpilogue {
  bias: TensorInfo | null;
  prelu: TensorInfo | null;
  /** [activation, leakyAlpha, biasInner, biasPeriod, preluInner, preluPeriod] */
  args: Float64Array;
}

const NO_EPILOGUE: DeviceEpilogue = { bias: null, prelu: null, args: Float64Array.of(0, 0, 1, 1, 1, 1) };

/** [inner, period] of t broadcast against outShape, or null (not a contiguous run, or it would grow the output). */
function broadcastPeriod(t: TensorInfo, outShape: readonly number[]): [number, number] | null {
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

/**
 * The epilogue of _FusedMatMul and FusedConv2D on the device
 * (native/kernels/LinalgOps.h): y = act(y + bias[(i / inner) % period]), the
 * PReLU weights alike. That covers every bias whose non-1 dimensions are one
 * contiguous run equal to the output's (scalar, [N], [M, 1], [M, N],
 * [B, M, N], ...); null for anything else: the kernel runs on the host.
 */
function deviceEpilogue(outShape: readonly number[], bias: TensorInfo | undefined,
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

/**
 * BatchMatMul and _FusedMatMul: cuBLAS strided-batched GEMMs (the tiled CUDA
 * SGEMM without cuBLAS), NumPy broadcasting of the batch dimensions as the
 * cpu backend's native kernel, then the epilogue. Other dtypes, empty
 * operands and epilogues the device does not cover run on the host.
 */
export function matMulKernel(kernelName: 'BatchMatMul' | '_FusedMatMul'): KernelConfig {
  const fused = kernelName === '_FusedMatMul';
  return cudaKernel(kernelName, (args) => {
    const { a, b, bias, preluActivationWeights } = args.inputs as {
      a: TensorInfo; b: TensorInfo; bias?: TensorInfo; preluActivationWeights?: TensorInfo;
    };
    const attrs = args.attrs as unknown as _FusedMatMulAttrs & BatchMatMulAttrs;
    const plan = matMulPlan(a, b, !!attrs.transposeA, !!attrs.transposeB);
    if (!plan) return runOnHost(kernelName, args);
    const ep = fused
      ? deviceEpilogue(plan.outShape, bias, preluActivationWeights, attrs.activation, attrs.leakyreluAlpha)
      : NO_EPILOGUE;
    if (!ep) return runOnHost(kernelName, args);
    const { backend } = args;
    const c = backend.makeOutput(plan.outShape, 'float32', kernelName);
    native.device.batchMatMul(backend.bufferOf(a), backend.bufferOf(b), backend.bufferOf(c), plan.dims, plan.aIndex,
      plan.bIndex, ep.bias ? backend.bufferOf(ep.bias) : null, ep.prelu ? backend.bufferOf(ep.prelu) : null, ep.args);
    return c;
  });
}

interface ConvInputs {
  x: TensorInfo;
  filter: TensorInfo;
  bias?: TensorInfo;
  preluActivationWeights?: TensorInfo;
}

/**
 * Conv2D and FusedConv2D: cuDNN on NHWC tensors, im2col + GEMM without it
 * (and on the host reference device). The geometry is tfjs's own
 * computeConv2DInfo (src/kernels/shared/conv_geometry.ts), so
 * 'same'/'valid'/explicit pads and dimRoundingMode mean what they mean to
 * tfjs-backend-cpu. NCHW, other dtypes and shapes tfjs rejects run on the
 * host (which reports tfjs's errors).
 */
export function convKernel(kernelName: 'Conv2D' | 'FusedConv2D'): KernelConfig {
  return cudaKernel(kernelName, (args) => {
    const { x, filter, bias, preluActivationWeights } = args.inputs as unknown as ConvInputs;
    const attrs = args.attrs as unknown as FusedConv2DAttrs & Conv2DAttrs;
    const c = isFloat32(x, filter) ? nativeConv(x.shape, filter.shape, attrs) : null;
    if (!c) return runOnHost(kernelName, args);
    const ep = kernelName === 'FusedConv2D'
      ? deviceEpilogue(c.info.outShape, bias, preluActivationWeights, attrs.activation, attrs.leakyreluAlpha)
      : NO_EPILOGUE;
    if (!ep) return runOnHost(kernelName, args);
    const { backend } = args;
    const y = backend.makeOutput([...c.info.outShape], 'float32', kernelName);
    native.device.conv2d(backend.bufferOf(x), backend.bufferOf(filter), backend.bufferOf(y), c.geometry,
      ep.bias ? backend.bufferOf(ep.bias) : null, ep.prelu ? backend.bufferOf(ep.prelu) : null, ep.args);
    return y;
  });
}
