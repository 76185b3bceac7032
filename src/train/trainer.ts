// The SimSiam training run, as the official main_simsiam.py: open the run,
// then per epoch train (fused augmentation -> step) and evaluate (kNN and
// collapse monitors, JSONL metrics, checkpoint), then the report. Checkpoints
// are atomic (also on Ctrl-C and SIGTERM); a resumed run reproduces the
// uninterrupted one; one run per directory; a non-finite loss stops it.
import { join } from 'node:path';
import { dirname, resolve } from 'node:path';
import { BatchLoader } from '../data/loader.js';
import { openDataset } from '../data/open_dataset.js';
import { permutation } from '../data/prng.js';
import type { DatasetSplit } from '../data/types.js';
import { selectDevice } from '../device.js';
import { EvalSet } from '../eval/features.js';
import { evaluateKnn } from '../eval/knn_monitor.js';
import { removeStaleTempFiles } from '../io/atomic_write.js';
import { buildSimSiam, type SimSiamModel } from '../model/simsiam_model.js';
import { firstNonFiniteWeight, modelTensors, restoreWeights } from '../model/weights.js';
import { augmentPair } from '../ops/augment_pair.js';
import { writeRunReport } from '../report/run_report.js';
import { tf } from '../tf.js';
import { checkpointPath, loadCheckpoint, saveCheckpoint } from './checkpoint.js';
import { ConfigError, describeValue, modelConfigOf, type TrainConfig } from './config.js';
import { InterruptedError, Interrupts } from './interrupts.js';
import { cutMetricsBack, MetricsLog } from './metrics_log.js';
import { Progress } from './progress.js';
import { RunDirectory } from './run_directory.js';
import { readRunState, type EpochRecord, type EpochSums, type RunState, type TrainResult } from './run_state.js';
import { encoderLr, predictorLr } from './schedule.js';
import type { Sgd } from '../optim/sgd.js';
import { createOptimizer, trainStep } from './step.js';
import type { DataParallel } from '../distributed/data_parallel.js';

export type { EpochRecord, TrainResult } from './run_state.js';

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
  /**
   * The fields given explicitly (flags or --config). With `resume`, a larger `epochs` continues the run to the new
   * end and `device` may change; any other field that differs from the run's is refused.
   */
  overrides?: Partial<TrainConfig>;
  /** How the user named each override (`--batch-size`, `batchSize in FILE`), for messages. */
  overrideNames?: Partial<Record<keyof TrainConfig, string>>;
  /**
   * This process is one data-parallel worker (src/distributed/): rank 0 opens the run, writes every output and
   * evaluates; the others train their share of each batch with rank 0's state and weights.
   */
  dist?: DataParallel;
}

/** Training stopped at a non-finite loss or weight; the checkpoint saved before it is kept. */
export class TrainingDivergedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TrainingDivergedError';
  }
}

/** Augmentation seed of (run seed, epoch, step): every view is reproducible on resume. */
export function augmentSeed(seed: number, epoch: number, step: number): number {
  return ((seed * 1_000_003 + epoch) * 100_003 + step) % 2 ** 47;
}

/** A seeded random subset of `limit` records (splits may be ordered by class). */
function limitSplit(split: DatasetSplit, limit: number, seed: number): DatasetSplit {
  if (limit <= 0 || limit >= split.size) return split;
  const chosen = Array.from(permutation(split.size, seed, 0x5eed).subarray(0, limit)).sort((a, b) => a - b);
  return { ...split, size: limit, labels: Int32Array.from(chosen, (i) => split.labels[i]), read: (indices) => split.read(indices.map((i) => chosen[i])) };
}

/** Everything a run holds while it trains. */
interface Run {
  config: TrainConfig;
  o: TrainOptions;
  log: (line: string) => void;
  started: number;
  ckptFile: string;
  /** Rank 0's (or the only) process writes the run: a data-parallel worker of another rank has neither. */
  dir: RunDirectory | null;
  interrupts: Interrupts;
  metrics: MetricsLog | null;
  dist: DataParallel | null;
  /** Where the run stands: the first step of `epoch` it has not trained, and the sums of that epoch so far. */
  epoch: number;
  step: number;
  partial: EpochSums | null;
  history: EpochRecord[];
  /** The last checkpoint this run can fall back on. */
  saved: { epoch: number; step: number } | null;
  stepLosses: number[];
  stepsThisCall: number;
  knn: TrainResult['knn'];
}

interface Training {
  backend: string;
  whyNotCuda: string | null;
  model: SimSiamModel;
  sgd: Sgd;
  train: DatasetSplit;
  numClasses: number;
  bank: EvalSet;
  test: EvalSet | null;
  progress: Progress | null;
}

/** The saved config of a resumed run with the explicit overrides it allows: more epochs, another device. */
function resumeConfig(saved: TrainConfig, o: TrainOptions): TrainConfig {
  const config = { ...saved };
  for (const [key, value] of Object.entries(o.overrides ?? {}) as Array<[keyof TrainConfig, unknown]>) {
    const name = o.overrideNames?.[key] ?? `--${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;
    const has = saved[key];
    if (key === 'out') {
      if (resolve(value as string) !== resolve(saved.out))
        throw new ConfigError(`${name} cannot change on --resume: the run's outputs stay beside its checkpoint, in ${saved.out}`);
    } else if (key === 'device') config.device = value as TrainConfig['device'];
    else if (key === 'epochs' && (value as number) < saved.epochs)
      throw new ConfigError(`${name} cannot shrink on --resume (the run has ${saved.epochs}; a larger value continues it to that end)`);
    else if (key === 'epochs') config.epochs = value as number;
    else if (value !== has) throw new ConfigError(`${name} cannot change on --resume (the run has ${describeValue(has)})`);
  }
  return config;
}

/** The run's config and resume point, its directory claimed and its log cut back to the checkpoint. */
function openRun(configIn: TrainConfig, o: TrainOptions, log: (line: string) => void): { run: Run; tensors: Map<string, tf.Tensor> | null } {
  let config = configIn, ckptFile = join(configIn.out, 'checkpoint.ckpt');
  let resumed: RunState | null = null, tensors: Map<string, tf.Tensor> | null = null;
  if (o.resume) {
    if (o.overwrite) throw new ConfigError('--resume continues a run and --overwrite starts one over: use one of them');
    ckptFile = checkpointPath(o.resume);
    const loaded = loadCheckpoint(ckptFile);
    tensors = loaded.tensors;
    resumed = readRunState(loaded.state, ckptFile);
    // The run continues where its checkpoint lies, even if the folder was moved since.
    config = resumeConfig({ ...resumed.config, out: dirname(ckptFile) }, o);
  }
  const dir = RunDirectory.claim(config.out, o.resume ? 'resume' : o.overwrite ? 'overwrite' : 'new', log);
  try {
    const metricsFile = join(config.out, 'metrics.jsonl');
    for (const f of [ckptFile, metricsFile]) for (const stale of removeStaleTempFiles(f)) log(`removed ${stale}, left by a run killed while writing it`);
    if (resumed) {
      // Records a crashed run wrote after its checkpoint are written again by this one.
      const cut = cutMetricsBack(metricsFile, resumed);
      log(`resuming ${ckptFile} at epoch ${resumed.epoch + 1}, step ${resumed.step}${cut.dropped ? `; ${cut.dropped} metrics records after the checkpoint dropped` : ''}`);
      if (config.epochs !== resumed.config.epochs)
        log(`continuing to epoch ${config.epochs} (the run had ${resumed.config.epochs}): the cosine lr schedule now spans ${config.epochs} epochs`);
      else if (resumed.epoch >= config.epochs)
        log(`the run already finished its ${config.epochs} epochs: nothing to train; to train on, resume with a larger --epochs (e.g. --epochs ${2 * config.epochs})`);
    }
    const metrics = new MetricsLog(metricsFile);
    const run: Run = {
      config, o, log, started: Date.now(), ckptFile, dir, interrupts: new Interrupts(log), metrics, dist: o.dist ?? null,
      epoch: resumed?.epoch ?? 0, step: resumed?.step ?? 0, partial: resumed?.partial ?? null, history: resumed?.history ?? [],
      saved: resumed ? { epoch: resumed.epoch, step: resumed.step } : null, stepLosses: [], stepsThisCall: 0, knn: null,
    };
    return { run, tensors };
  } catch (e) {
    dir.release();
    throw e;
  }
}

/**
 * A data-parallel worker other than rank 0: no directory, log or checkpoint of its own; rank 0's config and
 * resume point (shareRunState) and weights (DataParallel.prepare) replace its own.
 */
function followerRun(config: TrainConfig, o: TrainOptions, log: (line: string) => void): Run {
  return {
    config, o, log, started: Date.now(), ckptFile: join(config.out, 'checkpoint.ckpt'), dir: null, interrupts: new Interrupts(log), metrics: null,
    dist: o.dist ?? null, epoch: 0, step: 0, partial: null, history: [], saved: null, stepLosses: [], stepsThisCall: 0, knn: null,
  };
}

/** Rank 0's config and resume point on every worker. */
async function shareRunState(run: Run, dist: DataParallel): Promise<void> {
  const s = await dist.share({ config: run.config, ckptFile: run.ckptFile, epoch: run.epoch, step: run.step, partial: run.partial, history: run.history, saved: run.saved });
  Object.assign(run, s);
  const share = dist.localBatch(run.config.batchSize);  // every worker refuses a batch it cannot split alike
  if (dist.lead) run.log(`data parallel: ${dist.size} workers, ${share} images each per step of ${run.config.batchSize}` +
    `${run.config.syncBn ? ', SyncBatchNorm' : ''}; rank 0 writes the run`);
}

function closeRun(run: Run): void {
  run.interrupts.dispose();
  run.metrics?.close();
  run.dir?.release();
}

/** Device, data, model and optimiser (restored from the checkpoint when resuming). */
async function prepareTraining(run: Run, tensors: Map<string, tf.Tensor> | null): Promise<Training> {
  const { config, log } = run;
  const device = await selectDevice(config.device);
  log(`device: ${device.backend}${device.reason ? ` (CUDA not used: ${device.reason})` : ''}`);
  const dataset = await openDataset(config.data, { seed: config.seed, maxImageSide: config.maxImageSide });
  const train = limitSplit(dataset.train, config.trainLimit, config.seed);
  log(`data: ${config.data}: ${train.size} training images, ${dataset.test?.size ?? 0} test, ${dataset.numClasses} classes`);
  if (train.size < 2)
    throw new Error(`${config.data} gives ${train.size} training image${train.size === 1 ? '' : 's'}` +
      `${config.trainLimit > 0 ? ` with --train-limit ${config.trainLimit}` : ''}: SimSiam needs batches of at least 2`);
  const model = buildSimSiam(modelConfigOf(config), config.seed);
  const sgd = createOptimizer(model, config.momentum, config.weightDecay);
  if (tensors) {
    try {
      restoreWeights(model, tensors, `Checkpoint ${run.ckptFile}`);
      sgd.load(new Map([...tensors].filter(([name]) => name.startsWith('sgd/')).map(([name, t]) => [name.slice(4), t])), run.ckptFile);
    } finally {
      tf.dispose([...tensors.values()]);
    }
  }
  await run.dist?.prepare(model, sgd, config.syncBn);
  return {
    backend: device.backend, whyNotCuda: device.reason, model, sgd, train, numClasses: dataset.numClasses,
    bank: new EvalSet(train, config.imageSize), test: dataset.test ? new EvalSet(dataset.test, config.imageSize) : null,
    progress: run.o.progress === undefined ? new Progress() : run.o.progress,
  };
}

const ADVICE = '. Lower --base-lr or --weight-decay, or add --warmup-epochs.';

function lastCheckpoint(run: Run): string {
  const s = run.saved;
  return s ? `the last checkpoint, from before it, is ${run.ckptFile} (${s.step ? `epoch ${s.epoch + 1}, step ${s.step}` : `end of epoch ${s.epoch}`})` : 'no checkpoint was saved before it';
}

/** Saves the run at (epoch, step) — never a model holding NaN or infinities over a good checkpoint. */
async function save(run: Run, t: Training, epoch: number, step: number): Promise<void> {
  if (run.dist && !run.dist.lead) return;
  // A finite loss can come with overflowed BatchNorm statistics.
  const bad = firstNonFiniteWeight(t.model);
  if (bad) throw new TrainingDivergedError(`${bad} holds NaN or infinite values at ${step ? `epoch ${epoch + 1}, step ${step}` : `the end of epoch ${epoch}`}: training diverged; ${lastCheckpoint(run)}${ADVICE}`);
  const state: RunState = { config: run.config, epoch, step, history: run.history, partial: run.partial, rng: { seed: run.config.seed, augmentSeed: 'augmentSeed(seed, epoch, step)' } };
  await saveCheckpoint(run.ckptFile, state as unknown as Record<string, unknown>, [...modelTensors(t.model), ...t.sgd.state().map((s) => ({ name: `sgd/${s.name}`, tensor: s.tensor }))]);
  run.saved = { epoch, step };
}

/** Saves where the run stands and reports it stopped (a signal, or maxSteps). */
async function stop(run: Run, t: Training, where: string): Promise<TrainResult> {
  await save(run, t, run.epoch, run.step);
  run.log(`\nstopped ${where}; checkpoint ${run.ckptFile} (continue with --resume ${run.config.out})`);
  return result(run, t, null, true);
}

function result(run: Run, t: Training, baselineKnn: TrainResult['baselineKnn'], interrupted: boolean): TrainResult {
  return {
    config: run.config, backend: t.backend, whyNotCuda: t.whyNotCuda, started: new Date(run.started).toISOString(), epochs: run.history, stepLosses: run.stepLosses, knn: interrupted ? null : run.knn, baselineKnn,
    seconds: (Date.now() - run.started) / 1000, interrupted, signal: run.interrupts.signal, checkpoint: run.ckptFile,
  };
}

/** The rest of the current epoch's steps; returns the sums, or a TrainResult when the run stopped. */
async function trainEpoch(run: Run, t: Training): Promise<EpochSums | TrainResult> {
  const { config } = run;
  const epoch = run.epoch;
  // With several workers, each reads its share of every (global) batch and draws its images' views as the
  // whole batch would (augmentSeed and the image's place in the global batch).
  const dist = run.dist;
  const loader = new BatchLoader(t.train, { batchSize: Math.min(config.batchSize, t.train.size), seed: config.seed, epoch, shuffle: true, dropLast: true, startStep: run.step,
    ...(dist && { shard: { rank: dist.rank, count: dist.size } }) });
  const reduction = dist?.reduction(() => run.interrupts.signal);
  const sums = run.partial ?? { lossSum: 0, stdSum: 0, count: 0, skipped: 0 };
  run.partial = null;
  const t0 = Date.now();
  let images = 0;
  for await (const batch of loader) {
    const agreed = dist ? await dist.agree(batch.images.length, batch.skipped.length, run.interrupts.signal)
      : { train: batch.images.length >= 2, images: batch.images.length, skipped: batch.skipped.length };
    sums.skipped += agreed.skipped;
    if (agreed.train) {
      const { view1, view2 } = await augmentPair(batch.images, { preset: config.augPreset, size: config.imageSize, blurProb: config.blurProb, seed: augmentSeed(config.seed, epoch, batch.step),
        ...(dist && { firstIndex: dist.rank, indexStride: dist.size }) });
      const lr = { encoder: encoderLr(config, epoch, batch.step, loader.steps), predictor: predictorLr(config, epoch, batch.step, loader.steps) };
      const r = await trainStep(t.model, t.sgd, view1, view2, lr, reduction);
      tf.dispose([view1, view2]);
      if (dist?.checking) {
        const where = `after epoch ${epoch + 1}, step ${batch.step + 1}`;
        run.log(`parameters identical on the ${dist.size} workers ${where} (sha256 ${await dist.verifyParameters(t.model, where)})`);
      }
      if (!Number.isFinite(r.loss))
        throw new TrainingDivergedError(`loss is ${r.loss} at epoch ${epoch + 1}, step ${batch.step + 1} (lr ${lr.encoder.toPrecision(4)}): training diverged; ${lastCheckpoint(run)}${ADVICE}`);
      sums.lossSum += r.loss;
      sums.stdSum += r.collapseStd;
      sums.count++;
      images += agreed.images;
      run.stepLosses.push(r.loss);
      run.metrics?.append({ type: 'step', epoch, step: batch.step, loss: r.loss, collapseStd: r.collapseStd, lr: lr.encoder, images: agreed.images, time: Date.now() / 1000 },
        epoch * loader.steps + batch.step);
      const rate = images / Math.max((Date.now() - t0) / 1000, 1e-3);
      const remainingSteps = (config.epochs - epoch - 1) * loader.steps + (loader.steps - batch.step - 1);
      t.progress?.update({ epoch, epochs: config.epochs, step: batch.step, steps: loader.steps, loss: r.loss, imagesPerSecond: rate, etaSeconds: (remainingSteps * agreed.images) / rate });
    }
    run.stepsThisCall++;
    // Several workers stop together, after the step in which any of them had a signal.
    if (dist?.stopSignal) run.interrupts.signal ??= dist.stopSignal;
    if ((dist ? dist.stopSignal : run.interrupts.signal) || (run.o.maxSteps !== undefined && run.stepsThisCall >= run.o.maxSteps)) {
      [run.step, run.partial] = [batch.step + 1, sums];
      return stop(run, t, `at epoch ${epoch + 1}, step ${batch.step + 1}`);
    }
  }
  if (sums.count === 0)
    throw new Error(`no training step in epoch ${epoch + 1}: ${sums.skipped === t.train.size ? `none of the ${t.train.size} training images` :
      `no batch of ${loader.batchSize} training images held 2 decodable ones (${sums.skipped} of ${t.train.size} skipped)`} of ${config.data} could be decoded`);
  run.step = loader.steps;
  return sums;
}

/** The epoch's kNN, record, log line and checkpoint; returns a TrainResult when the run stopped during the kNN. */
async function endEpoch(run: Run, t: Training, sums: EpochSums, t0: number): Promise<TrainResult | null> {
  const { config } = run;
  const last = run.epoch + 1 === config.epochs;
  // Of several workers, rank 0 evaluates; the others wait for it (train()).
  const doKnn = t.test !== null && (last || (config.knnEvery > 0 && (run.epoch + 1) % config.knnEvery === 0)) && run.dist?.lead !== false;
  try {
    run.knn = doKnn ? await evaluateKnn(t.model, t.bank, t.test!, { k: config.knnK, temperature: config.knnTemperature, numClasses: t.numClasses }, run.interrupts.abortSignal) : null;
  } catch (e) {
    if (!(e instanceof InterruptedError)) throw e;
    // The epoch is trained; the resumed run starts with its kNN.
    run.partial = sums;
    return stop(run, t, `during the kNN of epoch ${run.epoch + 1}`);
  }
  const knn = run.knn;
  const record: EpochRecord = { epoch: run.epoch, loss: sums.lossSum / sums.count, collapseStd: sums.stdSum / sums.count, knnTop1: knn?.top1 ?? null, knnTop5: knn?.top5 ?? null, skipped: sums.skipped, seconds: (Date.now() - t0) / 1000 };
  run.history.push(record);
  // At the global step of the epoch's last step (run.step is the epoch's step count here), so TensorBoard
  // draws epoch scalars at the end of their epoch's step curve.
  run.metrics?.append({ type: 'epoch', ...record }, (run.epoch + 1) * run.step - 1);
  const healthy = 1 / Math.sqrt(config.projectorDim);
  t.progress?.endEpoch(`epoch ${run.epoch + 1}/${config.epochs}: loss ${record.loss.toFixed(4)}, collapse std ${record.collapseStd.toFixed(4)} (healthy ~${healthy.toFixed(4)})` +
    `${knn ? `, kNN top-1 ${(100 * knn.top1).toFixed(2)}%` : ''}${sums.skipped ? `, ${sums.skipped} unreadable images skipped` : ''}, ${record.seconds.toFixed(1)} s`);
  if (record.collapseStd < healthy / 10) run.log(`warning: representation collapse? std of normalised z ${record.collapseStd.toExponential(2)} < ${(healthy / 10).toExponential(2)}`);
  if (last || (run.epoch + 1) % config.checkpointEvery === 0) await save(run, t, run.epoch + 1, 0);
  return null;
}

/** The random-init baseline kNN (skipped after a signal), the report and the closing line. */
async function finishRun(run: Run, t: Training): Promise<TrainResult> {
  const { config } = run;
  if (run.dist && !run.dist.lead) return result(run, t, null, run.interrupts.signal !== null);
  let baselineKnn: TrainResult['baselineKnn'] = null;
  if (t.test && !run.o.skipBaseline && !run.interrupts.signal) {
    const random = buildSimSiam(modelConfigOf(config), config.seed);
    try {
      baselineKnn = await evaluateKnn(random, t.bank, t.test, { k: config.knnK, temperature: config.knnTemperature, numClasses: t.numClasses }, run.interrupts.abortSignal);
    } catch (e) {
      if (!(e instanceof InterruptedError)) throw e;
    } finally {
      random.backbone.dispose();
      random.projector.dispose();
      random.predictor.dispose();
    }
  }
  const r = result(run, t, baselineKnn, run.interrupts.signal !== null);
  r.knn = run.knn;
  await writeRunReport(config.out, r);
  if (run.knn) run.log(`kNN top-1 (k=${config.knnK}, T=${config.knnTemperature}): trained ${(100 * run.knn.top1).toFixed(2)}%` +
    `${baselineKnn ? ` vs random-init ${(100 * baselineKnn.top1).toFixed(2)}%` : ''} on ${t.test!.count} test images`);
  if (run.interrupts.signal) run.log(`${run.interrupts.signal}: training is complete (checkpoint ${run.ckptFile}); the random-init baseline kNN was skipped`);
  return r;
}

export async function train(config: TrainConfig, o: TrainOptions = {}): Promise<TrainResult> {
  const log = o.log ?? ((line: string) => console.log(line));
  const dist = o.dist ?? null;
  const { run, tensors } = dist && !dist.lead ? { run: followerRun(config, o, log), tensors: null } : openRun(config, o, log);
  try {
    if (dist) await shareRunState(run, dist);
    const t = await prepareTraining(run, tensors);
    for (; run.epoch < run.config.epochs; run.epoch++, run.step = 0) {
      const t0 = Date.now();
      const sums = await trainEpoch(run, t);
      if ('interrupted' in sums) return sums;
      await dist?.shareBatchNormStatistics(t.model);
      const stopped = await endEpoch(run, t, sums, t0);
      if (dist) {
        // The others wait for rank 0's kNN and checkpoint, and stop with it when a signal stopped it there.
        const lead = await dist.afterLead({ stopped: stopped !== null, signal: run.interrupts.signal });
        if (!dist.lead && lead.stopped) {
          run.interrupts.signal ??= lead.signal;
          run.partial = sums;
          return await stop(run, t, `during the kNN of epoch ${run.epoch + 1}`);
        }
      }
      if (stopped) return stopped;
    }
    return await finishRun(run, t);
  } finally {
    closeRun(run);
  }
}
