// The pure parts of `npm run bench step` (bench/Step.bench.ts): the rows of issue 13, the PyTorch config that
// stands for one of our presets (bench/pytorch_baseline.py's CONFIGS, checked field by field so that the two sides
// cannot drift apart), the choice of a python that can import torch, and the summary of alternated measurements.
import { PRESETS, type PresetName } from '../src/train/config.js';

export interface StepRow {
  /** The preset whose model, optimiser settings and image size are used. */
  preset: PresetName;
  batch: number;
  /** Side of the views: issue 13's rows (28 for the mnist-demo model, whose preset now trains at 16). */
  size: number;
  threads: number;
  /** bench/pytorch_baseline.py's config of the same model and batch. */
  pytorchConfig: string;
  label: string;
}

export const STEP_ROWS: StepRow[] = [
  ...[1, 2].map((threads) => ({ preset: 'mnist-demo' as const, batch: 128, size: 28, threads, pytorchConfig: 'mnist-demo',
    label: 'ResNet-18 CIFAR variant width 1/8 (mnist-demo), 28x28' })),
  ...[1, 2].map((threads) => ({ preset: 'cifar10' as const, batch: 32, size: 32, threads, pytorchConfig: 'cifar10-b32',
    label: 'ResNet-18 CIFAR variant full width (cifar10), 32x32' })),
];

/** What bench/pytorch_baseline.py must report as its `config` for this row (its field names). */
export function expectedPytorchConfig(preset: PresetName, batch: number, size = PRESETS[preset].imageSize): Record<string, unknown> {
  const c = PRESETS[preset];
  return {
    arch: c.arch, cifar_stem: c.cifarStem, width: c.width, proj_layers: c.projectorLayers, dim: c.projectorDim,
    pred_dim: c.predictorDim, batch, size, weight_decay: c.weightDecay, lr: (c.baseLr * batch) / 256,
  };
}

/** The fields where PyTorch's config differs from ours, as 'field: ours vs theirs' (empty when they agree). */
export function configMismatches(expected: Record<string, unknown>, actual: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const [k, v] of Object.entries(expected)) {
    const a = actual[k];
    const same = typeof v === 'number' && typeof a === 'number' ? Math.abs(v - a) <= 1e-9 * Math.max(1, Math.abs(v)) : v === a;
    if (!same) out.push(`${k}: ${JSON.stringify(v)} vs ${JSON.stringify(a)}`);
  }
  return out;
}

export interface ProbeResult {
  ok: boolean;
  /** torch's version when ok, else why not (the last line of the error). */
  detail: string;
}

/**
 * The first candidate python that imports torch, or why none does: each candidate tried once, in order
 * (SIMSIAM_PYTHON alone, else python3 then /usr/bin/python3 in the bench), duplicates and empty entries skipped.
 */
export function choosePython(candidates: Array<string | undefined>, probe: (python: string) => ProbeResult):
  { python: string; torch: string } | { python: null; why: string } {
  const tried: string[] = [];
  for (const c of candidates) {
    if (!c || tried.some((t) => t.startsWith(`${c}: `))) continue;
    const r = probe(c);
    if (r.ok) return { python: c, torch: r.detail };
    tried.push(`${c}: ${r.detail}`);
  }
  return { python: null, why: tried.length ? tried.join('; ') : 'no python candidate' };
}

export interface Summary {
  median: number;
  min: number;
  max: number;
}

export function summarise(xs: number[]): Summary {
  if (!xs.length) throw new Error('summarise: no samples');
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return { median: s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2, min: s[0], max: s[s.length - 1] };
}

/**
 * Ours over theirs from alternated measurements: the ratio of the medians, and the range of the ratios of the
 * pairs measured next to each other (round k of ours with round k of theirs), which the machine's load moves less.
 */
export function pairedRatio(ours: number[], theirs: number[]): { ratio: number; pairMin: number; pairMax: number } {
  if (!ours.length || ours.length !== theirs.length) throw new Error(`pairedRatio: ${ours.length} vs ${theirs.length} samples`);
  const pairs = ours.map((o, k) => o / theirs[k]);
  return { ratio: summarise(ours).median / summarise(theirs).median, pairMin: Math.min(...pairs), pairMax: Math.max(...pairs) };
}
