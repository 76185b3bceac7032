// One full SimSiam training step on `cuda` against `cpu`: the same weights and
// views give the same loss, every gradient and the same updated weights.
import { describe, expect, it } from 'vitest';
import type { Tensor, Variable } from '@tensorflow/tfjs-core';
import { augmentPair, tf } from '../../src/index.js';
import { buildSimSiam, forwardView, type ModelConfig } from '../../src/model/simsiam_model.js';
import { simsiamLoss } from '../../src/ops/simsiam_loss.js';
import { createOptimizer, trainStep } from '../../src/train/step.js';
import { cudaBackend } from '../../src/index.js';
import { randomImages } from '../helpers.js';
import { compareValues } from '../conformance/runner.js';
import { useCudaBackend } from './setup.js';

const device = useCudaBackend();
const tiny: ModelConfig = { arch: 'resnet18', cifarStem: true, width: 0.125, inputSize: 16, projectorLayers: 2, projectorDim: 32, predictorDim: 8, zeroInitResidual: false };
// Sums over the batch and the channels in another order (and TF32 off on a GPU).
const tolerance = { abs: 2e-4, rel: 2e-3 };

describe(`SimSiam training step on cuda (${device} device) vs cpu`, () => {
  it('loss, every gradient and the SGD update agree', async () => {
    await tf.setBackend('cpu');
    const m = buildSimSiam(tiny, 7);
    const vars = createOptimizer(m, 0.9, 5e-4).params.map((p) => p.variable);
    const initial = vars.map((v) => v.dataSync().slice());
    const { view1, view2 } = await augmentPair({ data: randomImages(6, 20, 20, 5), count: 6, height: 20, width: 20 }, { preset: 'cifar', size: 16, seed: 3 });
    const views = [view1.dataSync().slice(), view2.dataSync().slice()];
    tf.dispose([view1, view2]);

    const run = async (backend: string) => {
      await tf.setBackend(backend);
      const sgd = createOptimizer(m, 0.9, 5e-4);  // fresh momentum
      vars.forEach((v, k) => tf.tidy(() => v.assign(tf.tensor(initial[k], v.shape))));
      const x1 = tf.tensor4d(views[0], [6, 16, 16, 3]), x2 = tf.tensor4d(views[1], [6, 16, 16, 3]);
      const { value, grads } = tf.variableGrads(() => {
        const a = forwardView(m, x1, true), b = forwardView(m, x2, true);
        return simsiamLoss(a.p, b.p, a.z, b.z);
      }, vars);
      const out = { loss: (await value.data())[0], grads: await Promise.all(vars.map((v) => grads[v.name].data())) };
      sgd.step(grads, { encoder: 0.05, predictor: 0.05 });
      const updated = await Promise.all(vars.map((v) => v.data()));
      tf.dispose([x1, x2, value, ...Object.values(grads) as Tensor[]]);
      sgd.dispose();
      return { ...out, updated };
    };
    const cpu = await run('cpu');
    const numTensors = tf.memory().numTensors;
    const cuda = await run('cuda');
    expect(tf.memory().numTensors).toBe(numTensors);
    await tf.setBackend('cpu');

    expect(Math.abs(cuda.loss - cpu.loss)).toBeLessThan(1e-4);
    vars.forEach((v: Variable, k) => {
      const g = compareValues(cpu.grads[k], cuda.grads[k], tolerance);
      expect(g.worst, `gradient of ${v.name}: max |diff| ${g.maxAbsDiff}`).toBe(-1);
      const u = compareValues(cpu.updated[k], cuda.updated[k], tolerance);
      expect(u.worst, `updated ${v.name}`).toBe(-1);
    });
  });

  it('repeated steps hold constant device bytes, buffers and tensors', async () => {
    await tf.setBackend('cuda');
    const m = buildSimSiam(tiny, 8);
    const sgd = createOptimizer(m, 0.9, 5e-4);
    const { view1, view2 } = await augmentPair({ data: randomImages(4, 20, 20, 6), count: 4, height: 20, width: 20 }, { preset: 'cifar', size: 16, seed: 4 });
    const backend = cudaBackend()!;
    let baseline: number[] = [];
    for (let step = 0; step < 12; step++) {
      await trainStep(m, sgd, view1, view2, { encoder: 0.05, predictor: 0.05 });
      const now = [backend.memory().numBytesInGPU, backend.numDataIds(), tf.memory().numTensors];
      if (step === 2) baseline = now;  // momentum buffers exist from the first step on
      if (step > 2) expect(now).toEqual(baseline);
    }
    tf.dispose([view1, view2]);
    sgd.dispose();
    await tf.setBackend('cpu');
  });
});
