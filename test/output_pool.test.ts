// The cpu backend's output pool (src/kernels/output_pool.ts): arrays come back after dispose and are reused, never
// while something outside the kernels may hold them (dataSync, a view in another tensor, a reshape), and a training
// step gives the same numbers with the pool on, poisoned (every array handed out filled with NaN), as with it off.
import os from 'node:os';
import { describe, expect, it } from 'vitest';
import { buildSimSiam, tf } from '../src/index.js';
import { outputPool, poolSettings, POOL_MIN_VALUES, type OutputPool } from '../src/kernels/output_pool.js';
import { modelConfigOf, PRESETS } from '../src/train/config.js';
import { createOptimizer, trainStep } from '../src/train/step.js';
import { modelTensors } from '../src/model/weights.js';

await tf.setBackend('cpu');
const N = 4 * POOL_MIN_VALUES;

function pool(): OutputPool {
  tf.add(tf.ones([1]), tf.ones([1])).dispose();  // a native kernel call makes the pool
  const p = outputPool(tf.backend());
  expect(p).not.toBeNull();
  return p!;
}

/** An N-value tensor made by a native kernel (so its array comes from the pool). */
const made = (v: number) => tf.tidy(() => tf.add(tf.fill([N], v), tf.zeros([N])));

describe('cpu output pool', () => {
  it('reuses the array of a disposed output', () => {
    const p = pool();
    const a = made(1);
    const hits = p.info().hits;
    a.dispose();
    const b = made(2);
    expect(p.info().hits).toBe(hits + 1);
    expect(Array.from(b.dataSync().subarray(0, 3))).toEqual([2, 2, 2]);
    b.dispose();
  });

  it('never reuses an array handed out by dataSync', () => {
    const p = pool();
    const a = made(3);
    const escaped = p.info().escaped;
    const held = a.dataSync();
    expect(p.info().escaped).toBe(escaped + 1);
    a.dispose();
    const others = [made(4), made(5)];
    expect(held.every((x) => x === 3)).toBe(true);
    tf.dispose(others);
  });

  it('keeps an array while a reshape of it lives', () => {
    pool();
    const a = made(6);
    const r = tf.reshape(a, [N / 4, 4]);
    a.dispose();
    const others = [made(7), made(8)];
    expect(r.dataSync().every((x) => x === 6)).toBe(true);
    tf.dispose([r, ...others]);
  });

  it('keeps an array while another data entry holds it (a complex tensor built on it)', () => {
    pool();
    const a = made(6);
    const c = tf.complex(a, a);  // stock kernel: its real and imaginary parts are new entries holding a's array
    a.dispose();
    const others = [made(7), made(8)];
    expect(tf.real(c).dataSync().every((x) => x === 6)).toBe(true);
    tf.dispose([c, ...others]);
  });

  it('keeps no more than its cap', () => {
    const p = pool();
    p.configure({ capBytes: N * 4 });
    const ts = [made(1), made(2), made(3)];
    tf.dispose(ts);
    expect(p.info().pooledBytes).toBe(N * 4);
    p.configure({ capBytes: 0 });
    expect(p.info().pooledBytes).toBe(0);
    p.configure({ capBytes: poolSettings().capBytes });
  });

  it('reads its settings from the environment, naming a bad one', () => {
    expect(poolSettings({})).toEqual({ capBytes: Math.floor(os.totalmem() / 4 / 2 ** 20) * 2 ** 20, poison: false });
    expect(poolSettings({ SIMSIAM_CPU_POOL_MB: '1.5' }).capBytes).toBe(1.5 * 2 ** 20);
    expect(poolSettings({ SIMSIAM_CPU_POOL_MB: '0', SIMSIAM_CPU_POOL_POISON: '1' })).toEqual({ capBytes: 0, poison: true });
    expect(() => poolSettings({ SIMSIAM_CPU_POOL_MB: '-1' }))
      .toThrow('Expected a non-negative number for SIMSIAM_CPU_POOL_MB but received "-1"');
  });

  it('training steps are the same with the pool off and with it on, every array handed out poisoned', async () => {
    const p = pool();
    const config = PRESETS['mnist-demo'];
    const shape: [number, number, number, number] = [8, 16, 16, 3];
    const view1 = tf.randomNormal(shape, 0, 1, 'float32', 1) as tf.Tensor4D;
    const view2 = tf.randomNormal(shape, 0, 1, 'float32', 2) as tf.Tensor4D;
    const run = async () => {
      const m = buildSimSiam(modelConfigOf(config), 5);
      const sgd = createOptimizer(m, config.momentum, config.weightDecay);
      const losses: number[] = [];
      for (let i = 0; i < 3; i++) losses.push((await trainStep(m, sgd, view1, view2, { encoder: 0.1, predictor: 0.1 })).loss);
      return { losses, weights: modelTensors(m).map(({ name, tensor }) => ({ name, values: Array.from(tensor.dataSync()) })) };
    };
    p.configure({ capBytes: 0, poison: false });
    const off = await run();
    p.configure({ capBytes: 1 << 30, poison: true });
    const hits = p.info().hits;
    const on = await run();
    p.configure({ ...poolSettings() });
    expect(p.info().hits - hits).toBeGreaterThan(100);
    expect(on.losses.every(Number.isFinite)).toBe(true);
    expect(on.losses).toEqual(off.losses);
    expect(on.weights).toEqual(off.weights);
  });
});
