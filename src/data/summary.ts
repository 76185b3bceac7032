// Dataset summary: what `check-data` prints before a long run, so a wrong
// folder or a half-extracted archive shows up before the first epoch.
import { knownKeys, nonNegativeInteger, positiveInteger } from '../validate.js';
import { describeSkip } from './loader.js';
import { permutation } from './prng.js';
import type { Dataset, DatasetSource, DatasetSplit, SkippedRecord } from './types.js';

export interface SplitSummary {
  name: string;
  size: number;
  /** classCounts[c] = records of class c. */
  classCounts: number[];
}

export interface ImageSizeStats {
  /** Images decoded from the sample (of the train split). */
  sampled: number;
  skipped: SkippedRecord[];
  height: { min: number; max: number; mean: number };
  width: { min: number; max: number; mean: number };
  /** Most common sizes, most frequent first (at most 5). */
  common: Array<{ height: number; width: number; count: number }>;
}

export interface DatasetSummary {
  spec: string;
  source: DatasetSource | null;
  numClasses: number;
  classNames: string[];
  splits: SplitSummary[];
  imageSizes: ImageSizeStats;
}

export interface SummaryOptions {
  /** Train records decoded for the size statistics (default 64). */
  sampleSize?: number;
  seed?: number;
}

function splitSummary(split: DatasetSplit, numClasses: number): SplitSummary {
  const classCounts = new Array<number>(numClasses).fill(0);
  for (const label of split.labels) classCounts[label]++;
  return { name: split.name, size: split.size, classCounts };
}

async function sizeStats(split: DatasetSplit, sampleSize: number, seed: number): Promise<ImageSizeStats> {
  const indices = Array.from(permutation(split.size, seed).subarray(0, Math.min(sampleSize, split.size)));
  const { images, skipped } = await split.read(indices);
  const hs = images.map((i) => i.height), ws = images.map((i) => i.width);
  const stat = (v: number[]) => v.length === 0 ? { min: 0, max: 0, mean: 0 }
    : { min: Math.min(...v), max: Math.max(...v), mean: v.reduce((a, b) => a + b, 0) / v.length };
  const counts = new Map<string, { height: number; width: number; count: number }>();
  for (const img of images) {
    const key = `${img.height}x${img.width}`;
    const entry = counts.get(key) ?? { height: img.height, width: img.width, count: 0 };
    entry.count++;
    counts.set(key, entry);
  }
  const common = [...counts.values()].sort((a, b) => b.count - a.count).slice(0, 5);
  return { sampled: images.length, skipped, height: stat(hs), width: stat(ws), common };
}

export async function summarizeDataset(dataset: Dataset, options: SummaryOptions = {}): Promise<DatasetSummary> {
  const o = knownKeys(options, 'options', ['sampleSize', 'seed'], 'summarizeDataset');
  const sampleSize = o.sampleSize === undefined ? 64 : positiveInteger(o.sampleSize, 'sampleSize');
  const seed = o.seed === undefined ? 0 : nonNegativeInteger(o.seed, 'seed');
  const splits = [dataset.train, ...(dataset.test ? [dataset.test] : [])];
  return {
    spec: dataset.spec,
    source: dataset.source ?? null,
    numClasses: dataset.numClasses,
    classNames: dataset.classNames.slice(),
    splits: splits.map((s) => splitSummary(s, dataset.numClasses)),
    imageSizes: await sizeStats(dataset.train, sampleSize, seed),
  };
}

function describeSource(s: DatasetSource | null): string {
  if (!s) return '';
  const parts: string[] = [s.kind];
  if (s.layout) parts.push(`layout ${s.layout}`);
  if (s.holdoutSeed !== undefined && s.holdoutSeed !== null) parts.push(`test = seeded 10% holdout (seed ${s.holdoutSeed})`);
  if (s.root) parts.push(s.root);
  return ` (${parts.join(', ')})`;
}

/** Printable multi-line text; classes beyond maxClasses are summarised in one line. */
export function formatDatasetSummary(s: DatasetSummary, maxClasses = 20): string {
  const lines = [`dataset  ${s.spec}${describeSource(s.source)}`, `classes  ${s.numClasses}`];
  for (const sp of s.splits) lines.push(`split    ${sp.name.padEnd(6)} ${String(sp.size).padStart(8)} images`);
  const nameWidth = Math.min(32, Math.max(5, ...s.classNames.map((n) => n.length)));
  lines.push(['class'.padEnd(nameWidth), ...s.splits.map((sp) => sp.name.padStart(8))].join('  '));
  const shown = Math.min(s.numClasses, maxClasses);
  for (let c = 0; c < shown; c++)
    lines.push([s.classNames[c].slice(0, nameWidth).padEnd(nameWidth), ...s.splits.map((sp) => String(sp.classCounts[c]).padStart(8))].join('  '));
  if (shown < s.numClasses) {
    const rest = s.splits.map((sp) => {
      const counts = sp.classCounts.slice(shown);
      return `${sp.name} ${Math.min(...counts)}..${Math.max(...counts)}`;
    });
    lines.push(`... ${s.numClasses - shown} more classes (per-class counts: ${rest.join(', ')})`);
  }
  const z = s.imageSizes;
  const range = (r: { min: number; max: number; mean: number }) => `${r.min}..${r.max} (mean ${r.mean.toFixed(1)})`;
  lines.push(`image size over ${z.sampled} sampled train images: height ${range(z.height)}, width ${range(z.width)}`);
  if (z.common.length > 0) lines.push(`most common sizes (HxW): ${z.common.map((c) => `${c.height}x${c.width} (${c.count})`).join(', ')}`);
  lines.push(`unreadable in sample: ${z.skipped.length}`);
  for (const r of z.skipped) lines.push(`  ${describeSkip(r)}`);
  return lines.join('\n');
}
