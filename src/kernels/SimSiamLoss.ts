// tfjs kernel `SimSiamLoss`: p1, p2, z1, z2 [B, D] -> the symmetric loss
// (p1, z2) and (p2, z1), each weighted 1/2, and dL/dp1, dL/dp2 for dy = 1
// from one native pass; its gradient is gradients/SimSiamLoss_grad.ts.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { HOST_BACKENDS } from './host_io.js';
import { pairLossKernel } from './pair_loss.js';

export const SIMSIAM_LOSS = 'SimSiamLoss';

const hostKernel = pairLossKernel([['p1', 'z2'], ['p2', 'z1']], 0.5);

export const simSiamLossConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: SIMSIAM_LOSS, backendName, kernelFunc: hostKernel,
}));
