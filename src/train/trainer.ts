// The SimSiam training run: data -> fused augmentation -> step, with the kNN
// and collapse monitors each epoch, JSONL metrics, checkpoints (atomic; also on
// Ctrl-C) and resume that reproduces the uninterrupted run.
import { appendFileSync, existsSync, mkdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { augmentPair } from '../ops/augment_pair.js';
import { tf } from '../tf.js';
import { BatchLoader } from '../data/loader.js';
import { openDataset } from '../data/open_dataset.js';
import { permutation } from '../data/prng.js';
import type { Dataset, DatasetSplit } from '../data/types.js';
import { selectDevice } from '../device.js';
import { EvalSet } from '../eval/features.js';
import { knnAccuracy } from '../eval/knn.js';
import { buildSimSiam, namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { writeRunReport } from '../report/run_report.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { resolveConfig, type TrainConfig } from './config.js';
import { Progress } from './progress.js';
import { encoderLr, predictorLr } from './schedule.js';
import { createOptimizer, trainStep } from './step.js';
import type { Sgd } from './sgd.js';

export interface EpochRecord {
  epoch: number;
  loss: number;
  collapseStd: number;
  knnTop1: number | null;
  knnTop5: number | null;
  skipped: number;
  seconds: number;
}

export interface TrainResult {
  config: TrainConfig;
  backend: string;
  epochs: EpochRecord[];
  stepLosses: number[];
  knn: { top1: number; top5: number } | null;
  baselineKnn: { top1: number; top5: number } | null;
  seconds: number;
  interrupted: boolean;
  checkpoint: string;
}

export interface TrainOptions {
  /** Checkpoint file or run directory to continue from. */
  resume?: string;
  log?: (line: string) => void;
  progress?: Progress | null;
  /** Stop (with a checkpoint) after this many steps in this call: tests of resume. */
  maxSteps?: number;
  /** Skip the random-init baseline kNN at the end. */
  skipBaseline?: boolean;
}

/** Augmentation seed of (run seed, epoch, step): every view is reproducible on resume. */
export function augmentSeed(seed: number, epoch: number, step: number): number {
  return ((seed * 1_000_003 + epoch) * 100_003 + step) % 2 ** 47;
}

export function checkpointPath(pathOrDir: string): string {
  return existsSync(pathOrDir) && statSync(pathOrDir).isDirectory() ? join(pathOrDir, 'checkpoint.ckpt') : pathOrDir;
}

/** A seeded random subset of `limit` records (splits may be ordered by class). */
function limitSplit(split: DatasetSplit, limit: number, seed: number): DatasetSplit {
  if (limit <= 0 || limit >= split.size) return split;
  const chosen = Array.from(permutation(split.size, seed, 0x5eed).subarray(0, limit)).sort((a, b) => a - b);
  return { ...split, size: limit, labels: Int32Array.from(chosen, (i) => split.labels[i]), read: (indices) => split.read(indices.map((i) => chosen[i])) };
}

export function modelConfigOf(c: TrainConfig) {
  return {
    arch: c.arch, cifarStem: c.cifarStem, width: c.width, inputSize: c.imageSize, projectorLayers: c.projectorLayers,
    projectorDim: c.projectorDim, predictorDim: c.predictorDim, zeroInitResidual: c.zeroInitResidual,
  };
}

export async function evaluateKnn(model: SimSiamModel, bank: EvalSet, test: EvalSet, c: TrainConfig, numClasses: number) {
  const b = await bank.features(model.backbone);
  const q = await test.features(model.backbone);
  if (b.labels.length === 0 || q.labels.length === 0) {
    tf.dispose([b.features, q.features]);
    return null;  // nothing decodable to compare
  }
  const acc = knnAccuracy(b.features, b.labels, q.features, q.labels, { k: c.knnK, temperature: c.knnTemperature, numClasses });
  tf.dispose([b.features, q.features]);
  return acc;
}

function modelState(model: SimSiamModel, sgd: Sgd) {
  return [
    ...namedWeights(model).map((w) => ({ name: `model/${w.name}`, tensor: w.variable.read() })),
    ...sgd.state().map((s) => ({ name: `sgd/${s.name}`, tensor: s.tensor })),
  ];
}

function restore(model: SimSiamModel, sgd: Sgd, tensors: Map<string, tf.Tensor>, path: string): void {
  for (const w of namedWeights(model)) {
    const t = tensors.get(`model/${w.name}`);
    if (!t || !tf.util.arraysEqual(t.shape, w.variable.shape as number[]))
      throw new Error(`Checkpoint ${path} does not match the model: ${w.name} is ${t ? `[${t.shape}]` : 'missing'}, expected [${w.variable.shape}]`);
    w.variable.write(t);
  }
  const buffers = new Map<string, tf.Tensor>();
  for (const [name, t] of tensors) if (name.startsWith('sgd/')) buffers.set(name.slice(4), t);
  sgd.load(buffers);
  tf.dispose([...tensors.values()]);
}

export async function train(configIn: TrainConfig, o: TrainOptions = {}): Promise<TrainResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  let config = configIn;
  let resumeState: Record<string, unknown> | null = null;
  let resumeTensors: Map<string, tf.Tensor> | null = null;
  let ckptFile = join(config.out, 'checkpoint.ckpt');
  if (o.resume) {
    const path = checkpointPath(o.resume);
    const loaded = loadCheckpoint(path);
    resumeState = loaded.state;
    resumeTensors = loaded.tensors;
    config = resolveConfig(resumeState.config as Record<string, unknown>, `checkpoint ${path}`);
    ckptFile = path;
    log(`resuming ${path} at epoch ${(resumeState.epoch as number) + 1}, step ${resumeState.step}`);
  }
  mkdirSync(config.out, { recursive: true });
  const metricsFile = join(config.out, 'metrics.jsonl');
  const device = await selectDevice(config.device);
  log(`device: ${device.backend}${device.reason ? ` (CUDA not used: ${device.reason})` : ''}`);

  const dataset: Dataset = await openDataset(config.data, { seed: config.seed, maxImageSide: config.maxImageSide });
  const trainSplit = limitSplit(dataset.train, config.trainLimit, config.seed);
  log(`data: ${config.data}: ${trainSplit.size} training images, ${dataset.test?.size ?? 0} test, ${dataset.numClasses} classes`);
  const bank = new EvalSet(trainSplit, config.imageSize);
  const testSet = dataset.test ? new EvalSet(dataset.test, config.imageSize) : null;

  const model = buildSimSiam(modelConfigOf(config), config.seed);
  const sgd = createOptimizer(model, config.momentum, config.weightDecay);
  const epochs: EpochRecord[] = (resumeState?.history as EpochRecord[] | undefined) ?? [];
  const stepLosses: number[] = [];
  let epoch = (resumeState?.epoch as number | undefined) ?? 0;
  let startStep = (resumeState?.step as number | undefined) ?? 0;
  if (resumeTensors) restore(model, sgd, resumeTensors, ckptFile);

  let interrupted = false;
  const onSigint = () => {
    interrupted = true;
  };
  process.on('SIGINT', onSigint);
  // `partial`: the running sums of an epoch interrupted mid-way, so its record comes out the same after resume.
  let partial = (resumeState?.partial as { lossSum: number; stdSum: number; count: number; skipped: number } | undefined) ?? null;
  const save = (e: number, s: number) => saveCheckpoint(ckptFile, { config, epoch: e, step: s, history: epochs, partial, rng: { seed: config.seed, augmentSeed: 'augmentSeed(seed, epoch, step)' } }, modelState(model, sgd));
  const progress = o.progress === undefined ? new Progress() : o.progress;
  const healthy = 1 / Math.sqrt(config.projectorDim);
  let stepsThisCall = 0;
  let knn: TrainResult['knn'] = null;
  try {
    for (; epoch < config.epochs; epoch++, startStep = 0) {
      const loader = new BatchLoader(trainSplit, { batchSize: Math.min(config.batchSize, trainSplit.size), seed: config.seed, epoch, shuffle: true, dropLast: true, startStep });
      const t0 = Date.now();
      let { lossSum, stdSum, count, skipped } = partial ?? { lossSum: 0, stdSum: 0, count: 0, skipped: 0 };
      let images = 0;
      partial = null;
      for await (const batch of loader) {
        skipped += batch.skipped.length;
        if (batch.images.length >= 2) {
          const { view1, view2 } = await augmentPair(batch.images, { preset: config.augPreset, size: config.imageSize, blurProb: config.blurProb, seed: augmentSeed(config.seed, epoch, batch.step) });
          const lr = { encoder: encoderLr(config, epoch, batch.step, loader.steps), predictor: predictorLr(config, epoch, batch.step, loader.steps) };
          const r = await trainStep(model, sgd, view1, view2, lr);
          tf.dispose([view1, view2]);
          lossSum += r.loss;
          stdSum += r.collapseStd;
          count++;
          images += batch.images.length;
          stepLosses.push(r.loss);
          appendFileSync(metricsFile, JSON.stringify({ type: 'step', epoch, step: batch.step, loss: r.loss, collapseStd: r.collapseStd, lr: lr.encoder, images: batch.images.length, time: Date.now() / 1000 }) + '\n');
          const elapsed = (Date.now() - t0) / 1000;
          const rate = images / Math.max(elapsed, 1e-3);
          const remainingSteps = (config.epochs - epoch - 1) * loader.steps + (loader.steps - batch.step - 1);
          progress?.update({ epoch, epochs: config.epochs, step: batch.step, steps: loader.steps, loss: r.loss, imagesPerSecond: rate, etaSeconds: (remainingSteps * batch.images.length) / rate });
        }
        stepsThisCall++;
        if (interrupted || (o.maxSteps !== undefined && stepsThisCall >= o.maxSteps)) {
          partial = { lossSum, stdSum, count, skipped };
          await save(epoch, batch.step + 1);
          interrupted = true;
          log(`\nstopped at epoch ${epoch + 1}, step ${batch.step + 1}; checkpoint ${ckptFile} (continue with --resume ${config.out})`);
          return { config, backend: device.backend, epochs, stepLosses, knn: null, baselineKnn: null, seconds: (Date.now() - started) / 1000, interrupted: true, checkpoint: ckptFile };
        }
      }
      const last = epoch + 1 === config.epochs;
      const doKnn = testSet !== null && (last || (config.knnEvery > 0 && (epoch + 1) % config.knnEvery === 0));
      knn = doKnn ? await evaluateKnn(model, bank, testSet!, config, dataset.numClasses) : null;
      const record: EpochRecord = { epoch, loss: lossSum / Math.max(count, 1), collapseStd: stdSum / Math.max(count, 1), knnTop1: knn?.top1 ?? null, knnTop5: knn?.top5 ?? null, skipped, seconds: (Date.now() - t0) / 1000 };
      epochs.push(record);
      appendFileSync(metricsFile, JSON.stringify({ type: 'epoch', ...record }) + '\n');
      progress?.endEpoch(`epoch ${epoch + 1}/${config.epochs}: loss ${record.loss.toFixed(4)}, collapse std ${record.collapseStd.toFixed(4)} (healthy ~${healthy.toFixed(4)})` +
        `${knn ? `, kNN top-1 ${(100 * knn.top1).toFixed(2)}%` : ''}${skipped ? `, ${skipped} unreadable images skipped` : ''}, ${record.seconds.toFixed(1)} s`);
      if (record.collapseStd < healthy / 10) log(`warning: representation collapse? std of normalised z ${record.collapseStd.toExponential(2)} < ${(healthy / 10).toExponential(2)}`);
      if (last || (epoch + 1) % config.checkpointEvery === 0) await save(epoch + 1, 0);
    }
  } finally {
    process.off('SIGINT', onSigint);
  }

  let baselineKnn: TrainResult['baselineKnn'] = null;
  if (testSet && !o.skipBaseline) {
    const random = buildSimSiam(modelConfigOf(config), config.seed);
    baselineKnn = await evaluateKnn(random, bank, testSet, config, dataset.numClasses);
    random.backbone.dispose();
    random.projector.dispose();
    random.predictor.dispose();
  }
  const result: TrainResult = { config, backend: device.backend, epochs, stepLosses, knn, baselineKnn, seconds: (Date.now() - started) / 1000, interrupted, checkpoint: ckptFile };
  await writeRunReport(config.out, result);
  if (knn) log(`kNN top-1 (k=${config.knnK}, T=${config.knnTemperature}): trained ${(100 * knn.top1).toFixed(2)}%` +
    `${baselineKnn ? ` vs random-init ${(100 * baselineKnn.top1).toFixed(2)}%` : ''} on ${testSet!.count} test images`);
  return result;
}
