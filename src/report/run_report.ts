// End-of-run report: report.json (versions, dates, device, host, config, final
// metrics, per-epoch records) plus PNG plots of the loss, the kNN accuracy and
// the collapse monitor. The per-step curves come from metrics.jsonl, which
// holds the whole run even after a resume.
import { existsSync, readFileSync } from 'node:fs';
import { arch, cpus, platform, totalmem } from 'node:os';
import { join } from 'node:path';
import { cudaBackendInfo } from '../backend/cuda/index.js';
import { packageVersion } from '../cli/version.js';
import { nativeInfo } from '../device_info.js';
import { writeFileAtomic } from '../io/atomic_write.js';
import { tf } from '../tf.js';
import { imagesPerSecond } from '../train/metrics_log.js';
import type { TrainResult } from '../train/run_state.js';
import { ema, writePlotPng, type PlotSpec } from './plot.js';

/** A step of the run as metrics.jsonl logs it. */
export interface StepPoint {
  epoch: number;
  step: number;
  loss: number;
  collapseStd: number;
}

const BLUE = '#1f77b4', GREEN = '#2ca02c';

/** The records of metrics.jsonl (none when it is missing; unreadable lines are left out). */
export function readMetrics(path: string): Array<Record<string, unknown>> {
  if (!existsSync(path)) return [];
  return readFileSync(path, 'utf8').split('\n').flatMap((line) => {
    try {
      const r = JSON.parse(line);
      return r && typeof r === 'object' ? [r] : [];
    } catch {
      return [];
    }
  });
}

/** The run's steps: the log's step records, else the result's losses spread evenly over its epochs. */
export function stepPoints(r: TrainResult, records: Array<Record<string, unknown>>): StepPoint[] {
  const logged = records.filter((x) => x.type === 'step' && typeof x.loss === 'number') as unknown as StepPoint[];
  if (logged.length) return logged;
  const per = Math.max(1, Math.round(r.stepLosses.length / Math.max(1, r.epochs.length)));
  return r.stepLosses.map((loss, i) => ({ epoch: Math.floor(i / per), step: i % per, loss, collapseStd: NaN }));
}

/** Steps are drawn at epoch + (step + 1) / steps per epoch, so epoch e's curve ends at x = e + 1. */
function stepAxis(r: TrainResult, steps: StepPoint[]) {
  const perEpoch = steps.reduce((n, s) => Math.max(n, s.step + 1), 1);
  const x = (s: StepPoint) => s.epoch + (s.step + 1) / perEpoch;
  const epochs = steps.reduce((n, s) => Math.max(n, Math.ceil(x(s))), Math.max(r.epochs.length, 1));
  // Epoch boundaries, while they are few enough to tell apart.
  const marks = epochs <= 50 ? Array.from({ length: epochs - 1 }, (_, i) => i + 1) : [];
  return { perEpoch, x, epochs, marks };
}

/** The EMA weight, as TensorBoard's smoothing slider: averaging over about a fifteenth of the run, from 0.6 to 0.999. */
export const smoothingWeight = (n: number) => Math.round(1000 * Math.min(0.999, Math.max(0.6, 1 - 15 / Math.max(n, 1)))) / 1000;

/** Every k-th point of a long series (the last one kept), so the SVG stays small. */
function thin<T>(points: T[], max = 4000): T[] {
  const k = Math.ceil(points.length / max);
  return k <= 1 ? points : points.filter((_, i) => i % k === 0 || i === points.length - 1);
}

export function lossPlot(r: TrainResult, steps: StepPoint[]): PlotSpec {
  const title = 'SimSiam loss: negative cosine similarity (optimum -1)';
  if (steps.length === 0)
    return { title, xLabel: 'epoch', yLabel: 'loss', integerX: true, xRange: [0, Math.max(1, r.epochs.length)],
      series: [{ name: 'mean loss per epoch', points: r.epochs.map((e) => [e.epoch + 1, e.loss]), style: 'line+markers' }] };
  const { perEpoch, x, epochs, marks } = stepAxis(r, steps);
  const w = smoothingWeight(steps.length);
  const smooth = ema(steps.map((s) => s.loss), w);
  return {
    title, xLabel: `epoch (${perEpoch} steps each)`, yLabel: 'loss', integerX: true, xRange: [0, epochs], xMarks: marks,
    series: [
      { name: `loss per step (${steps.length} steps)`, points: thin(steps.map((s) => [x(s), s.loss])), color: BLUE, style: 'faint' },
      { name: `smoothed (EMA, weight ${w})`, points: thin(steps.map((s, i) => [x(s), smooth[i]])), color: BLUE },
    ],
  };
}

export function knnPlot(r: TrainResult): PlotSpec {
  const pct = (v: number) => 100 * v;
  const base = r.baselineKnn;
  // The random-init encoder is the model at epoch 0 (the same seed builds it), so the curve starts there.
  const points: Array<[number, number]> = [...(base ? [[0, pct(base.top1)] as [number, number]] : []),
    ...r.epochs.filter((e) => e.knnTop1 !== null).map((e) => [e.epoch + 1, pct(e.knnTop1!)] as [number, number])];
  return {
    title: `kNN monitor: top-1 accuracy on the test split (k=${r.config.knnK}, T=${r.config.knnTemperature})`,
    xLabel: 'epoch', yLabel: 'top-1 accuracy (%)', integerX: true, xRange: [0, Math.max(1, r.epochs.length)], yRange: [0, undefined],
    series: [{ name: base ? 'encoder (epoch 0 = random init)' : 'trained encoder', points, color: GREEN, style: points.length <= 50 ? 'line+markers' : 'line',
      label: points.length <= 12 ? (y) => `${y.toFixed(1)}%` : undefined }],
    references: base ? [{ y: pct(base.top1), label: `random-init encoder: ${pct(base.top1).toFixed(1)}%` }] : [],
    emptyNote: 'no kNN evaluation: the data has no test split',
  };
}

export function collapsePlot(r: TrainResult, steps: StepPoint[]): PlotSpec {
  const d = r.config.projectorDim, healthy = 1 / Math.sqrt(d);
  const withStd = steps.filter((s) => Number.isFinite(s.collapseStd));
  const { x, epochs, marks } = stepAxis(r, withStd);
  const means = r.epochs.map((e) => [e.epoch + 1, e.collapseStd] as [number, number]);
  return {
    title: `Collapse monitor: std of l2-normalised z over the batch (d = ${d})`, xLabel: 'epoch', yLabel: 'std (mean over dimensions)',
    integerX: true, xRange: [0, Math.max(epochs, r.epochs.length)], yRange: [0, undefined], xMarks: marks,
    series: [
      ...(withStd.length ? [{ name: 'per step', points: thin(withStd.map((s) => [x(s), s.collapseStd] as [number, number])), color: BLUE, style: 'faint' as const }] : []),
      { name: 'epoch mean', points: means, color: BLUE, style: means.length <= 50 ? 'line+markers' : 'line' },
    ],
    references: [{ y: healthy, label: `healthy: 1/sqrt(d) = ${healthy.toFixed(4)} (collapsed: 0)`, color: GREEN }],
  };
}

/** report.json: what ran, where, when, and how it ended; then the result as before (less the step losses). */
export function reportSummary(r: TrainResult, records: Array<Record<string, unknown>>, ended = new Date()): Record<string, unknown> {
  const last = r.epochs.at(-1) ?? null;
  const { stepLosses: _steps, started: _started, whyNotCuda: _why, ...result } = r;
  const cpu = cpus();
  return {
    versions: { simsiamNode: packageVersion(), tfjsCore: tf.version_core, node: process.versions.node },
    started: r.started,
    ended: ended.toISOString(),
    wallSeconds: r.seconds,
    device: {
      requested: r.config.device,
      backend: r.backend,
      whyNotCuda: r.backend === 'cuda' ? null : r.whyNotCuda,
      cudaDevice: r.backend === 'cuda' ? cudaBackendInfo().device : null,
      cudaDevicesFound: nativeInfo().devices.map((dev) => dev.name),
    },
    host: { cpu: cpu[0]?.model ?? 'unknown', cores: cpu.length, platform: `${platform()} ${arch()}`, memoryGiB: Number((totalmem() / 2 ** 30).toFixed(1)) },
    final: {
      epochs: r.epochs.length,
      steps: records.filter((x) => x.type === 'step').length || r.stepLosses.length,
      loss: last?.loss ?? null,
      collapseStd: last?.collapseStd ?? null,
      healthyCollapseStd: 1 / Math.sqrt(r.config.projectorDim),
      knnTop1: r.knn?.top1 ?? null,
      knnTop5: r.knn?.top5 ?? null,
      baselineKnnTop1: r.baselineKnn?.top1 ?? null,
      baselineKnnTop5: r.baselineKnn?.top5 ?? null,
      imagesPerSecond: imagesPerSecond(records),
    },
    ...result,
  };
}

export async function writeRunReport(dir: string, r: TrainResult): Promise<string[]> {
  const files = [join(dir, 'loss.png'), join(dir, 'knn.png'), join(dir, 'collapse.png'), join(dir, 'report.json')];
  const records = readMetrics(join(dir, 'metrics.jsonl'));
  const steps = stepPoints(r, records);
  await writePlotPng(files[0], lossPlot(r, steps));
  await writePlotPng(files[1], knnPlot(r));
  await writePlotPng(files[2], collapsePlot(r, steps));
  await writeFileAtomic(files[3], JSON.stringify(reportSummary(r, records), null, 2) + '\n', 'report');
  return files;
}
