// tfjs kernel `NegativeCosineSimilarity`: p, z [B, D] -> the loss and dL/dp
// for dy = 1 from one native pass; its gradient is
// gradients/NegativeCosineSimilarity_grad.ts.
import type { KernelConfig } from '@tensorflow/tfjs-core';
import { HOST_BACKENDS } from './host_io.js';
import { pairLossKernel } from './pair_loss.js';

export const NEGATIVE_COSINE_SIMILARITY = 'NegativeCosineSimilarity';

const hostKernel = pairLossKernel([['p', 'z']], 1);

export const negativeCosineSimilarityConfigs: KernelConfig[] = HOST_BACKENDS.map((backendName) => ({
  kernelName: NEGATIVE_COSINE_SIMILARITY, backendName, kernelFunc: hostKernel,
}));
