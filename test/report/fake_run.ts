// A made-up TrainResult and its steps, shaped as the default mnist-demo run's,
// for tests of the report without training.
import type { StepPoint } from '../../src/report/run_report.js';
import { resolveConfig } from '../../src/train/config.js';
import type { TrainResult } from '../../src/train/run_state.js';

/** A run of `epochs` epochs of `perEpoch` steps whose loss falls from 0 towards -0.4, kNN only at the end (knnEvery 0). */
export function fakeRun(epochs = 3, perEpoch = 23, baseline = true): { r: TrainResult; steps: StepPoint[] } {
  const steps: StepPoint[] = [];
  for (let e = 0; e < epochs; e++)
    for (let s = 0; s < perEpoch; s++) {
      const i = e * perEpoch + s;
      steps.push({ epoch: e, step: s, loss: -0.4 * (1 - Math.exp(-i / 30)) + 0.03 * Math.sin(i * 1.7), collapseStd: 0.0620 - 0.0001 * i / perEpoch });
    }
  const mean = (e: number, k: keyof StepPoint) => steps.filter((s) => s.epoch === e).reduce((a, s) => a + (s[k] as number), 0) / perEpoch;
  const r: TrainResult = {
    config: resolveConfig({ preset: 'mnist-demo', epochs }), backend: 'cpu', whyNotCuda: 'no CUDA device', started: '2024-01-01T00:00:00.000Z',
    epochs: Array.from({ length: epochs }, (_, e) => ({ epoch: e, loss: mean(e, 'loss'), collapseStd: mean(e, 'collapseStd'),
      knnTop1: e === epochs - 1 ? 0.4167 : null, knnTop5: e === epochs - 1 ? 0.8767 : null, skipped: 0, seconds: 20 })),
    stepLosses: steps.map((s) => s.loss), knn: { top1: 0.4167, top5: 0.8767 }, baselineKnn: baseline ? { top1: 0.2879, top5: 0.7545 } : null,
    seconds: 60, interrupted: false, signal: null, checkpoint: '/tmp/x/checkpoint.ckpt',
  };
  return { r, steps };
}

