// The SimSiam training run: data -> fused augmentation -> step, with the kNN
// and collapse monitors each epoch, JSONL metrics, checkpoints (atomic; also on
// Ctrl-C and SIGTERM), resume that reproduces the uninterrupted run, one run per
// directory, and a stop at the first non-finite loss.
import { existsSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { augmentPair } from '../ops/augment_pair.js';
import { tf } from '../tf.js';
import { BatchLoader } from '../data/loader.js';
import { openDataset } from '../data/open_dataset.js';
import { permutation } from '../data/prng.js';
import type { Dataset, DatasetSplit } from '../data/types.js';
import { selectDevice } from '../device.js';
import { EvalSet } from '../eval/features.js';
import { countNonFiniteRows, knnAccuracy } from '../eval/knn.js';
import { buildSimSiam, namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { writeRunReport } from '../report/run_report.js';
import { removeStaleTempFiles } from '../io/atomic_write.js';
import { loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { ConfigError, resolveConfig, type TrainConfig } from './config.js';
import { InterruptedError, Interrupts, type StopSignal } from './interrupts.js';
import { cutMetricsBack, MetricsLog } from './metrics_log.js';
import { RunDirectory } from './run_directory.js';
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
  /** Stopped early (a signal, or maxSteps) with a checkpoint to resume from. */
  interrupted: boolean;
  /** The signal that stopped it, if one did. */
  signal: StopSignal | null;
  checkpoint: string;
}

export interface TrainOptions {
  /** Checkpoint file or run directory to continue from. */
  resume?: string;
  /** Start a new run in an --out that already holds one, deleting that run's files. */
  overwrite?: boolean;
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

export async function evaluateKnn(model: SimSiamModel, bank: EvalSet, test: EvalSet, c: TrainConfig, numClasses: number, signal?: AbortSignal) {
  const b = await bank.features(model.backbone, signal);
  let q;
  try {
    q = await test.features(model.backbone, signal);
  } catch (e) {
    b.features.dispose();
    throw e;
  }
  if (b.labels.length === 0 || q.labels.length === 0) {
    tf.dispose([b.features, q.features]);
    return null;  // nothing decodable to compare
  }
  const bad = [countNonFiniteRows(q.features), countNonFiniteRows(b.features)];
  if (bad[0] + bad[1] > 0)
    console.warn(`warning: the encoder gives non-finite features for ${bad[0]} of ${q.labels.length} test and ${bad[1]} of ${b.labels.length} ` +
      'memory-bank images (counted as wrong): its weights or BatchNorm statistics have overflowed');
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

/** Name of the first weight or BatchNorm statistic holding a NaN or an infinity (one small download), or null. */
export function firstNonFiniteWeight(model: SimSiamModel): string | null {
  const weights = namedWeights(model);
  const sums = tf.tidy(() => tf.stack(weights.map((w) => tf.sum(w.variable.read()))));
  const v = sums.dataSync();
  sums.dispose();
  const i = v.findIndex((s) => !Number.isFinite(s));
  return i < 0 ? null : weights[i].name;
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
  sgd.load(buffers, path);
  tf.dispose([...tensors.values()]);
}

/** Training stopped at a non-finite loss or weight; the checkpoint saved before it is kept. */
export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

export async function train(configIn: TrainConfig, o: TrainOptions = {}): Promise<TrainResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  const started = Date.now();
  let config = configIn;
  let resumeState: Record<string, unknown> | null = null;
  let resumeTensors: Map<string, tf.Tensor> | null = null;
  let ckptFile = join(config.out, 'checkpoint.ckpt');
  if (o.resume) {
    if (o.overwrite) throw new ConfigError('--resume continues a run and --overwrite starts one over: use one of them');
    const path = checkpointPath(o.resume);
    const loaded = loadCheckpoint(path);
    resumeState = loaded.state;
    resumeTensors = loaded.tensors;
    // The run continues where its checkpoint lies, even if the folder was moved since.
    config = { ...resolveConfig(resumeState.config as Record<string, unknown>, `checkpoint ${path}`), out: dirname(path) };
    ckptFile = path;
  }
  const run = RunDirectory.claim(config.out, o.resume ? 'resume' : o.overwrite ? 'overwrite' : 'new', log);
  const interrupts = new Interrupts(log);
  let metrics: MetricsLog | null = null;
  try {
    const metricsFile = join(config.out, 'metrics.jsonl');
    for (const f of [ckptFile, metricsFile]) for (const stale of removeStaleTempFiles(f)) log(`removed ${stale}, left by a run killed while writing it`);
    let epoch = (resumeState?.epoch as number | undefined) ?? 0;
    let startStep = (resumeState?.step as number | undefined) ?? 0;
    if (resumeState) {
      // Records a crashed run wrote after its checkpoint are written again by this one.
      const cut = cutMetricsBack(metricsFile, { epoch, step: startStep });
      log(`resuming ${ckptFile} at epoch ${epoch + 1}, step ${startStep}${cut.dropped ? `; ${cut.dropped} metrics records after the checkpoint dropped` : ''}`);
    }
    metrics = new MetricsLog(metricsFile);
    const device = await selectDevice(config.device);
    log(`device: ${device.backend}${device.reason ? ` (CUDA not used: ${device.reason})` : ''}`);

    const dataset: Dataset = await openDataset(config.data, { seed: config.seed, maxImageSide: config.maxImageSide });
    const trainSplit = limitSplit(dataset.train, config.trainLimit, config.seed);
    log(`data: ${config.data}: ${trainSplit.size} training images, ${dataset.test?.size ?? 0} test, ${dataset.numClasses} classes`);
    if (trainSplit.size < 2)
      throw new Error(`${config.data} gives ${trainSplit.size} training image${trainSplit.size === 1 ? '' : 's'}` +
        `${config.trainLimit > 0 ? ` with --train-limit ${config.trainLimit}` : ''}: SimSiam needs batches of at least 2`);
    const bank = new EvalSet(trainSplit, config.imageSize);
    const testSet = dataset.test ? new EvalSet(dataset.test, config.imageSize) : null;

    const model = buildSimSiam(modelConfigOf(config), config.seed);
    const sgd = createOptimizer(model, config.momentum, config.weightDecay);
    const epochs: EpochRecord[] = (resumeState?.history as EpochRecord[] | undefined) ?? [];
    const stepLosses: number[] = [];
    if (resumeTensors) restore(model, sgd, resumeTensors, ckptFile);

    // `partial`: the running sums of an epoch interrupted mid-way, so its record comes out the same after resume.
    let partial = (resumeState?.partial as { lossSum: number; stdSum: number; count: number; skipped: number } | undefined) ?? null;
    let saved = resumeState ? { epoch, step: startStep } : null;
    const lastGood = () => (saved ? `the last checkpoint, from before it, is ${ckptFile} (${saved.step ? `epoch ${saved.epoch + 1}, step ${saved.step}` : `end of epoch ${saved.epoch}`})` : 'no checkpoint was saved before it');
    const advice = '. Lower --base-lr or --weight-decay, or add --warmup-epochs.';
    const save = async (e: number, s: number) => {
      // A finite loss can come with overflowed BatchNorm statistics: never save those over a good checkpoint.
      const bad = firstNonFiniteWeight(model);
      if (bad) throw new TrainingDivergedError(`${bad} holds NaN or infinite values at ${s ? `epoch ${e + 1}, step ${s}` : `the end of epoch ${e}`}: training diverged; ${lastGood()}${advice}`);
      await saveCheckpoint(ckptFile, { config, epoch: e, step: s, history: epochs, partial, rng: { seed: config.seed, augmentSeed: 'augmentSeed(seed, epoch, step)' } }, modelState(model, sgd));
      saved = { epoch: e, step: s };
    };
    const stopped = async (e: number, s: number, where: string): Promise<TrainResult> => {
      await save(e, s);
      log(`\nstopped ${where}; checkpoint ${ckptFile} (continue with --resume ${config.out})`);
      return { config, backend: device.backend, epochs, stepLosses, knn: null, baselineKnn: null, seconds: (Date.now() - started) / 1000, interrupted: true, signal: interrupts.signal, checkpoint: ckptFile };
    };
    const progress = o.progress === undefined ? new Progress() : o.progress;
    const healthy = 1 / Math.sqrt(config.projectorDim);
    let stepsThisCall = 0;
    let knn: TrainResult['knn'] = null;
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
          if (!Number.isFinite(r.loss))
            throw new TrainingDivergedError(`loss is ${r.loss} at epoch ${epoch + 1}, step ${batch.step + 1} (lr ${lr.encoder.toPrecision(4)}): training diverged; ${lastGood()}${advice}`);
          lossSum += r.loss;
          stdSum += r.collapseStd;
          count++;
          images += batch.images.length;
          stepLosses.push(r.loss);
          metrics.append({ type: 'step', epoch, step: batch.step, loss: r.loss, collapseStd: r.collapseStd, lr: lr.encoder, images: batch.images.length, time: Date.now() / 1000 });
          const elapsed = (Date.now() - t0) / 1000;
          const rate = images / Math.max(elapsed, 1e-3);
          const remainingSteps = (config.epochs - epoch - 1) * loader.steps + (loader.steps - batch.step - 1);
          progress?.update({ epoch, epochs: config.epochs, step: batch.step, steps: loader.steps, loss: r.loss, imagesPerSecond: rate, etaSeconds: (remainingSteps * batch.images.length) / rate });
        }
        stepsThisCall++;
        if (interrupts.signal || (o.maxSteps !== undefined && stepsThisCall >= o.maxSteps)) {
          partial = { lossSum, stdSum, count, skipped };
          return await stopped(epoch, batch.step + 1, `at epoch ${epoch + 1}, step ${batch.step + 1}`);
        }
      }
      if (count === 0)
        throw new Error(`no training step in epoch ${epoch + 1}: ${skipped === trainSplit.size ? `none of the ${trainSplit.size} training images` :
          `no batch of ${loader.batchSize} training images held 2 decodable ones (${skipped} of ${trainSplit.size} skipped)`} of ${config.data} could be decoded`);
      const last = epoch + 1 === config.epochs;
      const doKnn = testSet !== null && (last || (config.knnEvery > 0 && (epoch + 1) % config.knnEvery === 0));
      try {
        knn = doKnn ? await evaluateKnn(model, bank, testSet!, config, dataset.numClasses, interrupts.abortSignal) : null;
      } catch (e) {
        if (!(e instanceof InterruptedError)) throw e;
        // The epoch is trained; the resumed run starts with its kNN.
        partial = { lossSum, stdSum, count, skipped };
        return await stopped(epoch, loader.steps, `during the kNN of epoch ${epoch + 1}`);
      }
      const record: EpochRecord = { epoch, loss: lossSum / count, collapseStd: stdSum / count, knnTop1: knn?.top1 ?? null, knnTop5: knn?.top5 ?? null, skipped, seconds: (Date.now() - t0) / 1000 };
      epochs.push(record);
      metrics.append({ type: 'epoch', ...record });
      progress?.endEpoch(`epoch ${epoch + 1}/${config.epochs}: loss ${record.loss.toFixed(4)}, collapse std ${record.collapseStd.toFixed(4)} (healthy ~${healthy.toFixed(4)})` +
        `${knn ? `, kNN top-1 ${(100 * knn.top1).toFixed(2)}%` : ''}${skipped ? `, ${skipped} unreadable images skipped` : ''}, ${record.seconds.toFixed(1)} s`);
      if (record.collapseStd < healthy / 10) log(`warning: representation collapse? std of normalised z ${record.collapseStd.toExponential(2)} < ${(healthy / 10).toExponential(2)}`);
      if (last || (epoch + 1) % config.checkpointEvery === 0) await save(epoch + 1, 0);
    }

    let baselineKnn: TrainResult['baselineKnn'] = null;
    if (testSet && !o.skipBaseline && !interrupts.signal) {
      const random = buildSimSiam(modelConfigOf(config), config.seed);
      try {
        baselineKnn = await evaluateKnn(random, bank, testSet, config, dataset.numClasses, interrupts.abortSignal);
      } catch (e) {
        if (!(e instanceof InterruptedError)) throw e;
      } finally {
        random.backbone.dispose();
        random.projector.dispose();
        random.predictor.dispose();
      }
    }
    const result: TrainResult = { config, backend: device.backend, epochs, stepLosses, knn, baselineKnn, seconds: (Date.now() - started) / 1000, interrupted: interrupts.signal !== null, signal: interrupts.signal, checkpoint: ckptFile };
    await writeRunReport(config.out, result);
    if (knn) log(`kNN top-1 (k=${config.knnK}, T=${config.knnTemperature}): trained ${(100 * knn.top1).toFixed(2)}%` +
      `${baselineKnn ? ` vs random-init ${(100 * baselineKnn.top1).toFixed(2)}%` : ''} on ${testSet!.count} test images`);
    if (interrupts.signal) log(`${interrupts.signal}: training is complete (checkpoint ${ckptFile}); the random-init baseline kNN was skipped`);
    return result;
  } finally {
    interrupts.dispose();
    metrics?.close();
    run.release();
  }
}
