// Runs a conformance case on cpu and cuda and compares the outputs.
import type { Tensor } from '@tensorflow/tfjs-core';
import { mulberry32 } from '../../src/data/prng.js';
import type { ConformanceCase, Rand, Tf, Tolerance } from './types.js';
import { TOLERANCE } from './types.js';

export interface CaseResult {
  ok: boolean;
  maxAbsDiff: number;
  message: string;
}

interface Output {
  shape: number[];
  dtype: string;
  values: ArrayLike<number>;
}

function makeRand(tf: Tf, seed: number): Rand {
  const r = mulberry32(seed);
  return (shape, o = {}) => {
    const { min = -1, max = 1, dtype = 'float32' } = o;
    const n = shape.reduce((a, b) => a * b, 1);
    if (dtype === 'bool') return tf.tensor(Uint8Array.from({ length: n }, () => (r() < 0.5 ? 1 : 0)), shape, 'bool');
    if (dtype === 'int32') return tf.tensor(Int32Array.from({ length: n }, () => Math.floor(min + r() * (max - min))), shape, 'int32');
    return tf.tensor(Float32Array.from({ length: n }, () => min + r() * (max - min)), shape, 'float32');
  };
}

async function runOn(tf: Tf, backend: string, c: ConformanceCase): Promise<{ outs: Output[]; leaked: number }> {
  if (!(await tf.setBackend(backend))) throw new Error(`backend ${backend} is not available`);
  const before = tf.engine().backend.numDataIds();
  const result = tf.tidy(() => c.run(tf, makeRand(tf, c.seed ?? 1)));
  const tensors: Tensor[] = Array.isArray(result) ? result : [result];
  const outs = await Promise.all(tensors.map(async (t) => ({ shape: t.shape, dtype: t.dtype, values: await t.data() as ArrayLike<number> })));
  tf.dispose(tensors);
  return { outs, leaked: tf.engine().backend.numDataIds() - before };
}

export function compareValues(cpu: ArrayLike<number>, cuda: ArrayLike<number>, tol: Tolerance): { maxAbsDiff: number; worst: number } {
  let maxAbsDiff = 0, worst = -1;
  for (let i = 0; i < cpu.length; i++) {
    const a = cpu[i], b = cuda[i];
    if (Number.isNaN(a) || Number.isNaN(b)) {
      if (Number.isNaN(a) !== Number.isNaN(b)) return { maxAbsDiff: Infinity, worst: i };
      continue;
    }
    if (a === b) continue;
    const d = Math.abs(a - b);
    if (d > maxAbsDiff || Number.isNaN(d)) maxAbsDiff = Number.isNaN(d) ? Infinity : d;
    if (!(d <= tol.abs + tol.rel * Math.abs(a)) && worst < 0) worst = i;
  }
  return { maxAbsDiff, worst };
}

export async function runCase(tf: Tf, c: ConformanceCase): Promise<CaseResult> {
  const tol = c.tolerance ?? TOLERANCE.exact;
  const cpu = await runOn(tf, 'cpu', c);
  const cuda = await runOn(tf, 'cuda', c);
  let maxAbsDiff = 0;
  const problems: string[] = [];
  if (cuda.leaked !== 0) problems.push(`cuda backend holds ${cuda.leaked} more buffers after the case`);
  if (cpu.outs.length !== cuda.outs.length) problems.push(`${cuda.outs.length} outputs, cpu has ${cpu.outs.length}`);
  cpu.outs.forEach((o, k) => {
    const g = cuda.outs[k];
    if (!g) return;
    if (o.dtype !== g.dtype) problems.push(`output ${k}: dtype ${g.dtype}, cpu ${o.dtype}`);
    if (o.shape.join() !== g.shape.join()) {
      problems.push(`output ${k}: shape [${g.shape}], cpu [${o.shape}]`);
      return;
    }
    const r = compareValues(o.values, g.values, tol);
    maxAbsDiff = Math.max(maxAbsDiff, r.maxAbsDiff);
    if (r.worst >= 0) problems.push(`output ${k}[${r.worst}]: cuda ${g.values[r.worst]}, cpu ${o.values[r.worst]} (tolerance abs ${tol.abs} + rel ${tol.rel})`);
  });
  return { ok: problems.length === 0, maxAbsDiff, message: problems.join('; ') };
}
