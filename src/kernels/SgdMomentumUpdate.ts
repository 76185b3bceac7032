// tfjs kernel `SgdMomentumUpdate`: one SGD-with-momentum step of a parameter
// (native/kernels/SgdMomentumUpdate.h) — inputs w, g and, after the first step, buf;
// attrs lr, momentum, weightDecay; outputs [new w, new buf]. One pass where
// the composition of tfjs ops takes six kernels, with bit-identical results.
// Not differentiable (an optimiser update).
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputFloat32, outputTensor } from './host_io.js';

export const SGD_MOMENTUM_UPDATE = 'SgdMomentumUpdate';

export interface SgdMomentumUpdateAttrs {
  lr: number;
  momentum: number;
  weightDecay: number;
}

const hostKernel: KernelFunc = ({ inputs, backend, attrs }) => {
  const { w, g, buf } = inputs as { w: TensorInfo; g: TensorInfo; buf?: TensorInfo };
  const { lr, momentum, weightDecay } = attrs as unknown as SgdMomentumUpdateAttrs;
  const n = w.shape.reduce((a, b) => a * b, 1);
  const wOut = outputFloat32(backend, n), bufOut = outputFloat32(backend, n);
  native.sgdMomentumUpdate(hostFloat32(backend, w), hostFloat32(backend, g), buf ? hostFloat32(backend, buf) : null, lr,
    momentum, weightDecay, wOut, bufOut);
  return [outputTensor(backend, w.shape, wOut), outputTensor(backend, w.shape, bufOut)];
};

export const sgdMomentumUpdateConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: SGD_MOMENTUM_UPDATE, backendName, kernelFunc: hostKernel,
}));
