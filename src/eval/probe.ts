// Linear evaluation on a frozen backbone (features computed once with the eval
// transform, standardised with the training features' mean/std, a linear layer
// initialised N(0, 0.01) trained by SGD momentum 0.9 with cosine decay and no
// weight decay), the semi-supervised label fractions (class-stratified, seeded
// subsets), and --finetune (backbone + linear layer trained end to end on
// crop+flip views).
import type { Tensor, Tensor2D, Variable } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { augmentPair } from '../ops/augment_pair.js';
import { BatchLoader } from '../data/loader.js';
import { permutation } from '../data/prng.js';
import type { Dataset, DatasetSplit } from '../data/types.js';
import { namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { backingVariable } from '../model/weights.js';
import type { TrainConfig } from '../train/config.js';
import { Sgd } from '../optim/sgd.js';
import { EvalSet, normaliseBatch } from './features.js';
import { topKAccuracy } from './knn.js';

export interface ProbeOptions {
  epochs: number;
  batchSize: number;
  lr: number;                // base lr, scaled by batchSize / 256
  labelsFraction: number;    // (0, 1]
  finetune: boolean;
  seed: number;
  log?: (line: string) => void;
}

export interface ProbeResult {
  top1: number;
  top5: number;
  labelledImages: number;
  testImages: number;
}

/** Class-stratified subset: ceil(fraction * n_c) images of every class c, chosen by seed. */
export function labelledSubset(split: DatasetSplit, fraction: number, seed: number): DatasetSplit {
  if (fraction >= 1) return split;
  const byClass = new Map<number, number[]>();
  split.labels.forEach((l, i) => byClass.set(l, [...(byClass.get(l) ?? []), i]));
  const chosen: number[] = [];
  for (const [c, idx] of [...byClass].sort((a, b) => a[0] - b[0])) {
    const order = permutation(idx.length, seed + 7919 * c);
    const take = Math.max(1, Math.ceil(fraction * idx.length));
    for (let k = 0; k < take; k++) chosen.push(idx[order[k]]);
  }
  chosen.sort((a, b) => a - b);
  return {
    ...split,
    size: chosen.length,
    labels: Int32Array.from(chosen, (i) => split.labels[i]),
    read: (indices) => split.read(indices.map((i) => chosen[i])),
  };
}

function cosineLr(base: number, epoch: number, epochs: number): number {
  return base * 0.5 * (1 + Math.cos((Math.PI * epoch) / epochs));
}

/** SGD momentum 0.9 without weight decay over these variables (one lr group). */
function probeSgd(vars: Variable[]): { sgd: Sgd; step: (grads: Record<string, Tensor>, lr: number) => void } {
  const sgd = new Sgd(vars.map((variable) => ({ name: variable.name, variable, group: 'encoder' as const })), 0.9, 0);
  return { sgd, step: (grads, lr) => sgd.step(grads, { encoder: lr, predictor: lr }) };
}

function linearHead(d: number, classes: number, seed: number): { w: Variable; b: Variable } {
  return { w: tf.variable(tf.randomNormal([d, classes], 0, 0.01, 'float32', seed)), b: tf.variable(tf.zeros([classes])) };
}

async function frozenProbe(model: SimSiamModel, train: DatasetSplit, test: DatasetSplit, c: TrainConfig, classes: number, o: ProbeOptions): Promise<ProbeResult> {
  const tr = await new EvalSet(train, c.imageSize).features(model.backbone);
  const te = await new EvalSet(test, c.imageSize).features(model.backbone);
  const { mean, variance } = tf.moments(tr.features, 0);
  const std = tf.sqrt(tf.add(variance, 1e-6));
  const norm = (x: Tensor2D) => tf.div(tf.sub(x, mean), std) as Tensor2D;
  const xTrain = norm(tr.features), xTest = norm(te.features);
  const yTrain = tf.oneHot(tf.tensor1d(tr.labels, 'int32'), classes);
  const head = linearHead(tr.features.shape[1], classes, o.seed);
  const opt = probeSgd([head.w, head.b]);
  const n = tr.labels.length, bs = Math.min(o.batchSize, n);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const lr = cosineLr((o.lr * bs) / 256, epoch, o.epochs);
    const order = permutation(n, o.seed * 31 + epoch);
    for (let s = 0; s + bs <= n; s += bs) {
      const idx = tf.tensor1d(order.subarray(s, s + bs), 'int32');
      const { grads, value } = tf.variableGrads(() => {
        const logits = tf.add(tf.matMul(tf.gather(xTrain, idx), head.w), head.b);
        return tf.losses.softmaxCrossEntropy(tf.gather(yTrain, idx), logits) as tf.Scalar;
      }, [head.w, head.b]);
      opt.step(grads, lr);
      tf.dispose([idx, value, ...Object.values(grads)]);
    }
  }
  const logits = tf.add(tf.matMul(xTest, head.w), head.b);
  const acc = topKAccuracy(logits.dataSync() as Float32Array, te.labels, classes);
  tf.dispose([tr.features, te.features, mean, variance, std, xTrain, xTest, yTrain, head.w, head.b, logits]);
  opt.sgd.dispose();
  return { ...acc, labelledImages: n, testImages: te.labels.length };
}

async function finetuneProbe(model: SimSiamModel, train: DatasetSplit, test: DatasetSplit, c: TrainConfig, classes: number, o: ProbeOptions): Promise<ProbeResult> {
  const head = linearHead(model.featureDim, classes, o.seed);
  const backboneVars = namedWeights(model).filter((w) => w.trainable && w.name.startsWith('backbone/'))
    .map((w) => backingVariable(w.variable));
  const vars = [...backboneVars, head.w, head.b];
  const opt = probeSgd(vars);
  const bs = Math.min(o.batchSize, train.size);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const lr = cosineLr((o.lr * bs) / 256, epoch, o.epochs);
    const loader = new BatchLoader(train, { batchSize: bs, seed: o.seed, epoch, shuffle: true, dropLast: true });
    for await (const batch of loader) {
      if (batch.images.length < 2) continue;
      // Train transform of the linear-eval recipe: random resized crop + flip only.
      const { view1, view2 } = await augmentPair(batch.images, { preset: c.augPreset, size: c.imageSize, jitterProb: 0, grayscaleProb: 0, blurProb: 0, seed: o.seed * 7 + epoch * 100003 + batch.step });
      const y = tf.oneHot(tf.tensor1d(batch.labels, 'int32'), classes);
      const { grads, value } = tf.variableGrads(() => {
        const f = model.backbone.apply(view1, { training: true }) as Tensor2D;
        return tf.losses.softmaxCrossEntropy(y, tf.add(tf.matMul(f, head.w), head.b)) as tf.Scalar;
      }, vars);
      opt.step(grads, lr);
      tf.dispose([view1, view2, y, value, ...Object.values(grads)]);
    }
    o.log?.(`finetune epoch ${epoch + 1}/${o.epochs}`);
  }
  const scores: number[] = [];
  const labels: number[] = [];
  for await (const { batch, labels: l } of new EvalSet(test, c.imageSize).batches()) {
    const logits = tf.tidy(() => tf.add(tf.matMul(model.backbone.apply(normaliseBatch(batch), { training: false }) as Tensor2D, head.w), head.b));
    scores.push(...logits.dataSync());
    labels.push(...l);
    logits.dispose();
  }
  const acc = topKAccuracy(Float32Array.from(scores), Int32Array.from(labels), classes);
  tf.dispose([head.w, head.b]);
  opt.sgd.dispose();
  return { ...acc, labelledImages: train.size, testImages: labels.length };
}

export async function linearProbe(model: SimSiamModel, dataset: Dataset, c: TrainConfig, o: ProbeOptions): Promise<ProbeResult> {
  if (!dataset.test) throw new Error(`Dataset ${dataset.spec} has no test/val split to evaluate on`);
  const train = labelledSubset(dataset.train, o.labelsFraction, o.seed);
  const run = o.finetune ? finetuneProbe : frozenProbe;
  return run(model, train, dataset.test, c, dataset.numClasses, o);
}
