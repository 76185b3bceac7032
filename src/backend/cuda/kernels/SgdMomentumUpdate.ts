// SgdMomentumUpdate on the device (src/kernels/SgdMomentumUpdate.ts has the
// semantics; native/kernels/SgdMomentumUpdate.{cc,cu}).
import type { TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { SGD_MOMENTUM_UPDATE, type SgdMomentumUpdateAttrs } from '../../../kernels/SgdMomentumUpdate.js';
import { isFloat32 } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';

export const sgdMomentumUpdateConfig = cudaKernel(SGD_MOMENTUM_UPDATE, (args) => {
  const { w, g, buf } = args.inputs as { w: TensorInfo; g: TensorInfo; buf?: TensorInfo };
  if (!isFloat32(w, g, buf)) return runOnHost(SGD_MOMENTUM_UPDATE, args);
  const { lr, momentum, weightDecay } = args.attrs as unknown as SgdMomentumUpdateAttrs;
  const { backend } = args;
  const n = backend.data.get(w.dataId)!.size;
  const wOut = backend.makeOutput(w.shape, 'float32', SGD_MOMENTUM_UPDATE);
  const bufOut = backend.makeOutput(w.shape, 'float32', SGD_MOMENTUM_UPDATE);
  native.device.sgdMomentumUpdate(backend.bufferOf(w), backend.bufferOf(g), buf ? backend.bufferOf(buf) : null, n, lr,
    momentum, weightDecay, backend.bufferOf(wOut), backend.bufferOf(bufOut));
  return [wOut, bufOut];
});
