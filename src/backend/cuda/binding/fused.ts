// native.device kernels for batch norm, pooling and the fused SimSiam ops
// (native/binding/device/FusedDeviceBinding.cc). Arguments named like
// tensors are device buffer ids.
import type { RawAugmentConfig } from '../../../native.js';

export interface FusedDeviceBinding {
  /** BatchNorm in training mode over x as [M, C]: y, batch mean and biased variance (kernels/BatchNormTraining.h). */
  batchNormTraining(x: number, M: number, C: number, gamma: number, beta: number, epsilon: number,
    y: number, mean: number, variance: number): void;
  /** dx, dgamma, dbeta; dMean / dVariance null for zero. */
  batchNormTrainingGrad(dy: number, x: number, M: number, C: number, gamma: number, mean: number, variance: number,
    dMean: number | null, dVariance: number | null, epsilon: number, dx: number, dgamma: number, dbeta: number): void;
  /** tfjs's FusedBatchNorm on n values; each parameter read cyclically with its own length (offset/scale null: 0/1). */
  fusedBatchNorm(x: number, n: number, mean: number, meanLen: number, variance: number, varianceLen: number,
    offset: number | null, offsetLen: number, scale: number | null, scaleLen: number, epsilon: number, y: number): void;
  /**
   * op 0 max, 1 avg. geometry: Int32Array [N, H, W, C, outH, outW, filterH, filterW, strideH, strideW, padTop,
   * padLeft] (NHWC, dilation 1).
   */
  pool(op: number, x: number, y: number, geometry: Int32Array): void;
  maxPoolGrad(dy: number, x: number, dx: number, geometry: Int32Array): void;
  avgPoolGrad(dy: number, dx: number, geometry: Int32Array): void;
  /** Fused SimSiam loss over 1 or 2 (p, z) pairs of [B, D]: writes the loss (a float) and dL/dp for dy = 1. */
  pairLoss(ps: number[], zs: number[], grads: number[], B: number, D: number, weight: number, loss: number): void;
  /** out = dy[0] * grad over n values (dy a device scalar). */
  scaleGrad(grad: number, dy: number, out: number, n: number): void;
  /** Both views of an int32/float32 [n, h, w, 3] image tensor (0..255, clamped and rounded like Uint8ClampedArray). */
  augment(images: number, dtype: 'int32' | 'float32', n: number, h: number, w: number, config: RawAugmentConfig,
    seed: number, view1: number, view2: number): void;
  /** Both views of RGB8 host images, uploaded once; params as native.augment's when given. */
  augmentImages(images: Uint8Array[], heights: Int32Array, widths: Int32Array, config: RawAugmentConfig, seed: number,
    view1: number, view2: number, params: Float64Array | null): void;
}
