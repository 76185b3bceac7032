// Learning-rate schedule of the SimSiam recipe: lr = baseLr * batch / 256,
// cosine decay lr * 1/2 (1 + cos(pi * t / T)) stepped per epoch as in the
// official code (t = epoch), optional linear warm-up, and fixPredictorLr
// (the predictor keeps the initial lr).
import type { TrainConfig } from './config.js';

export function initialLr(c: Pick<TrainConfig, 'baseLr' | 'batchSize'>): number {
  return (c.baseLr * c.batchSize) / 256;
}

/** lr for the encoder at `epoch` (0-based) and `step` within it. */
export function encoderLr(c: TrainConfig, epoch: number, step: number, stepsPerEpoch: number): number {
  const lr0 = initialLr(c);
  if (epoch < c.warmupEpochs) return (lr0 * (epoch * stepsPerEpoch + step + 1)) / (c.warmupEpochs * stepsPerEpoch);
  return lr0 * 0.5 * (1 + Math.cos((Math.PI * epoch) / c.epochs));
}

export function predictorLr(c: TrainConfig, epoch: number, step: number, stepsPerEpoch: number): number {
  return c.fixPredictorLr ? initialLr(c) : encoderLr(c, epoch, step, stepsPerEpoch);
}
