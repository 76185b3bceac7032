// Batch norm, pooling and the fused SimSiam ops (loss, augmentation). Device
// arguments named like tensors are buffer ids.

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
  /** Image i draws its views as image firstIndex + i * indexStride (defaults 0 and 1). */
  firstIndex?: number;
  indexStride?: number;
}

/** native.augment's result: [n, S, S, 3] views; params [2 * n * augmentParamFields] when asked for. */
export interface RawAugmentViews {
  view1: Float32Array;
  view2: Float32Array;
  params: Float64Array | null;
}

export interface FusedBinding {
  philox4x32(counter: Uint32Array, key: Uint32Array): Uint32Array;
  /** Fused loss over 1 or 2 (p, z) pairs on the CPU; fills grads (dL/dp for dy = 1) and returns L. */
  pairLoss(ps: Float32Array[], zs: Float32Array[], grads: Array<Float32Array | null>, B: number, D: number,
    weight: number): number;
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
  /**
   * The phases of the two above for SyncBatchNorm: per-channel sums [C] of x (center null) or of (x - center)^2;
   * y from given statistics; [sum dy, sum dy * xhat] [2C]; dx from the sums over `count` rows of all workers.
   */
  batchNormSums(x: Float32Array, M: number, C: number, center: Float32Array | null, sums: Float64Array): void;
  batchNormApply(x: Float32Array, M: number, C: number, gamma: Float32Array, beta: Float32Array, mean: Float32Array,
    variance: Float32Array, epsilon: number, y: Float32Array): void;
  batchNormGradSums(dy: Float32Array, x: Float32Array, M: number, C: number, mean: Float32Array, variance: Float32Array,
    epsilon: number, sums: Float64Array): void;
  batchNormGradApply(dy: Float32Array, x: Float32Array, M: number, C: number, gamma: Float32Array, mean: Float32Array,
    variance: Float32Array, sums: Float64Array, count: number, dMean: Float32Array | null, dVariance: Float32Array | null,
    epsilon: number, dx: Float32Array): void;
  /** y = offset + (x - mean) * scale / sqrt(variance + epsilon), parameters of 1 or L values cycling over x. */
  fusedBatchNorm(x: Float32Array, mean: Float32Array, variance: Float32Array, offset: Float32Array | null,
    scale: Float32Array | null, epsilon: number, y: Float32Array): void;
}

export interface FusedDeviceBinding {
  /** BatchNorm in training mode over x as [M, C]: y, batch mean and biased variance (native/kernels/BatchNormTraining.h). */
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
