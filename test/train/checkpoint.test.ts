import { describe, expect, it } from 'vitest';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../src/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';

describe('checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simsiam-ckpt-'));
  const tensors = [{ name: 'a', tensor: tf.tensor2d([[1, 2, 3], [4, 5, 6]]) }, { name: 'b/c', tensor: tf.scalar(-7.5) }];

  it('round-trip tensors and state exactly', async () => {
    const path = join(dir, 'x.ckpt');
    await saveCheckpoint(path, { epoch: 3, step: 17, config: { seed: 1 } }, tensors);
    const loaded = loadCheckpoint(path);
    expect(loaded.state).toEqual({ epoch: 3, step: 17, config: { seed: 1 } });
    expect(loaded.tensors.get('a')!.shape).toEqual([2, 3]);
    expect(Array.from(loaded.tensors.get('a')!.dataSync())).toEqual([1, 2, 3, 4, 5, 6]);
    expect(loaded.tensors.get('b/c')!.dataSync()[0]).toBe(-7.5);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a failed write leaves the previous checkpoint intact', async () => {
    const path = join(dir, 'keep.ckpt');
    await saveCheckpoint(path, { epoch: 1 }, tensors);
    const before = readFileSync(path);
    const broken = { name: 'bad', tensor: { shape: [1], data: async () => { throw new Error('disk full'); } } as unknown as tf.Tensor };
    await expect(saveCheckpoint(path, { epoch: 2 }, [...tensors, broken])).rejects.toThrow('disk full');
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(loadCheckpoint(path).state.epoch).toBe(1);
  });

  it('rejects truncated, foreign and missing files with the path in the message', async () => {
    const path = join(dir, 'trunc.ckpt');
    await saveCheckpoint(path, { epoch: 1 }, tensors);
    const full = readFileSync(path);
    writeFileSync(path, full.subarray(0, full.length - 5));
    expect(() => loadCheckpoint(path)).toThrow(`Checkpoint ${path} is truncated or corrupt`);
    writeFileSync(join(dir, 'foreign.ckpt'), 'hello');
    expect(() => loadCheckpoint(join(dir, 'foreign.ckpt'))).toThrow(`${join(dir, 'foreign.ckpt')} is not a simsiam-node checkpoint`);
    expect(() => loadCheckpoint(join(dir, 'none.ckpt'))).toThrow(`Cannot read checkpoint ${join(dir, 'none.ckpt')}`);
  });
});
