// What a run is and what its checkpoint carries: the typed state the trainer
// saves and resumes from (checked field by field on load, naming the file).
import { describeValue, resolveConfig, type TrainConfig } from './config.js';

export interface EpochRecord {
  epoch: number;
  loss: number;
  collapseStd: number;
  knnTop1: number | null;
  knnTop5: number | null;
  skipped: number;
  seconds: number;
}

/** The running sums of an epoch stopped mid-way, so its record comes out the same after resume. */
export interface EpochSums {
  lossSum: number;
  stdSum: number;
  count: number;
  skipped: number;
}

/** A checkpoint's state: the run continues at (epoch, step) — the first step it has not trained. */
export interface RunState {
  config: TrainConfig;
  epoch: number;
  step: number;
  history: EpochRecord[];
  partial: EpochSums | null;
  rng: { seed: number; augmentSeed: string };
}

export interface TrainResult {
  config: TrainConfig;
  backend: string;
  /** Why the run is not on CUDA (null when it is): "cpu requested", or what whyNotCuda() said. */
  whyNotCuda: string | null;
  /** When this call started (ISO 8601); a resumed run's is the resume's. */
  started: string;
  epochs: EpochRecord[];
  stepLosses: number[];
  knn: { top1: number; top5: number } | null;
  baselineKnn: { top1: number; top5: number } | null;
  seconds: number;
  /** Stopped early (a signal, or maxSteps) with a checkpoint to resume from. */
  interrupted: boolean;
  /** The signal that stopped it, if one did. */
  signal: 'SIGINT' | 'SIGTERM' | null;
  checkpoint: string;
}

const count = (v: unknown) => Number.isSafeInteger(v) && (v as number) >= 0;

/** A checkpoint's state as a RunState; `path` names the file in every error. */
export function readRunState(state: Record<string, unknown>, path: string): RunState {
  const corrupt = (field: string, v: unknown, expected: string) =>
    new Error(`Checkpoint ${path} is corrupt: ${field} is ${describeValue(v)}, expected ${expected}`);
  const config = resolveConfig(state.config as Record<string, unknown>, `checkpoint ${path}`);
  if (!count(state.epoch)) throw corrupt('epoch', state.epoch, 'a non-negative integer');
  const step = state.step ?? 0;
  if (!count(step)) throw corrupt('step', step, 'a non-negative integer');
  const history = state.history ?? [];
  if (!Array.isArray(history) || !history.every((r) => r !== null && typeof r === 'object' && count(r.epoch)))
    throw corrupt('history', history, 'an array of epoch records');
  const partial = state.partial ?? null;
  if (partial !== null && !(typeof partial === 'object' && ['lossSum', 'stdSum', 'count', 'skipped'].every((k) => typeof (partial as Record<string, unknown>)[k] === 'number')))
    throw corrupt('partial', partial, 'null or the sums of an epoch');
  return { config, epoch: state.epoch as number, step: step as number, history: history as EpochRecord[], partial: partial as EpochSums | null,
    rng: { seed: config.seed, augmentSeed: 'augmentSeed(seed, epoch, step)' } };
}
