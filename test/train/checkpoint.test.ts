import { afterEach, describe, expect, it, vi } from 'vitest';
import { syncBuiltinESMExports } from 'node:module';
import { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../src/index.js';
import { loadCheckpoint, saveCheckpoint } from '../../src/train/checkpoint.js';
import { fillDiskAfter } from '../io/full_disk.js';

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

describe('checkpoints on a full disk', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simsiam-ckpt-full-'));
  const tensors = [{ name: 'a', tensor: tf.tensor2d([[1, 2, 3], [4, 5, 6]]) }, { name: 'b', tensor: tf.ones([64]) }];
  afterEach(() => {
    vi.restoreAllMocks();
    syncBuiltinESMExports();
  });

  it('a disk that fills inside the last chunk keeps the previous checkpoint and leaves no temp file', async () => {
    const path = join(dir, 'checkpoint.ckpt');
    await saveCheckpoint(path, { epoch: 1 }, tensors);
    const before = readFileSync(path);
    fillDiskAfter(before.length - 10);
    await expect(saveCheckpoint(path, { epoch: 2 }, tensors))
      .rejects.toThrow(`Cannot write checkpoint ${path}: ENOSPC: no space left on device, write`);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    expect(readFileSync(path).equals(before)).toBe(true);
    expect(loadCheckpoint(path).state.epoch).toBe(1);
    expect(readdirSync(dir)).toEqual(['checkpoint.ckpt']);
  });
});

/** A checkpoint file with this header (as given, not validated) and `floats` float32 values of data. */
function craft(path: string, header: unknown, floats: number, headerLength?: number): string {
  const json = Buffer.from(typeof header === 'string' ? header : JSON.stringify(header));
  const prefix = Buffer.alloc(17);
  prefix.write('SIMSIAMCKPT1\n', 0, 'latin1');
  prefix.writeUInt32LE(headerLength ?? json.length, 13);
  writeFileSync(path, Buffer.concat([prefix, json, Buffer.alloc(4 * floats)]));
  return path;
}

describe('crafted checkpoints', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simsiam-ckpt-craft-'));
  const t = (name: unknown, shape: unknown, offset: unknown, length: unknown) => ({ name, shape, offset, length });
  const ok = (tensors: unknown[]) => ({ version: 1, state: {}, tensors });

  it.each([
    ['header length past the end', ok([]), 0, 'is truncated or corrupt (header of 1000 bytes runs past the end of the file', 1000],
    ['header JSON', '{"version": 1,', 0, 'is truncated or corrupt (bad header: '],
    ['header null', 'null', 0, 'is corrupt: the header is null, expected an object'],
    ['version', { version: 2, state: {}, tensors: [] }, 0, 'has version 2; this build reads version 1'],
    ['state', { version: 1, tensors: [] }, 0, 'is corrupt: state is undefined, expected an object'],
    ['tensors', { version: 1, state: {}, tensors: {} }, 0, 'is corrupt: tensors is an object, expected an array'],
    ['entry', ok([null]), 0, 'is corrupt: tensors[0] is null, expected an object'],
    ['name', ok([t(7, [1], 0, 1)]), 1, 'is corrupt: tensors[0].name is 7, expected a non-empty string'],
    ['shape', ok([t('a', [2, -1], 0, 2)]), 2, "is corrupt: tensors[0] ('a') has shape [2,-1], expected an array of non-negative integers"],
    ['shape type', ok([t('a', 'big', 0, 2)]), 2, "is corrupt: tensors[0] ('a') has shape \"big\", expected an array of non-negative integers"],
    ['offset', ok([t('a', [2], 0.5, 2)]), 2, "is corrupt: tensors[0] ('a') has offset 0.5, expected a non-negative integer"],
    ['length', ok([t('a', [2], 0, -2)]), 2, "is corrupt: tensors[0] ('a') has length -2, expected a non-negative integer"],
    ['product', ok([t('a', [2, 3], 0, 5)]), 5, "is corrupt: tensors[0] ('a') has shape [2,3] (6 values) but length 5"],
    ['duplicate', ok([t('a', [1], 0, 1), t('a', [1], 1, 1)]), 2, "is corrupt: tensors[1] ('a') repeats a name"],
    ['out of range', ok([t('a', [2], 0, 2), t('b', [2], 3, 2)]), 4, "is corrupt: tensors[1] ('b') spans values 3 to 5, past the 4 in the file"],
    ['overlap', ok([t('a', [2], 0, 2), t('b', [2], 1, 2), t('c', [1], 3, 1)]), 5, "is corrupt: tensors[1] ('b') overlaps tensors[0] ('a')"],
    ['size', ok([t('a', [2], 0, 2)]), 3, 'is truncated or corrupt (size '],
  ])('%s: a clear error naming the file', (what, header, floats, message, headerLength?: number) => {
    const path = craft(join(dir, `${what.replace(/ /g, '_')}.ckpt`), header, floats as number, headerLength);
    expect(() => loadCheckpoint(path)).toThrow(`Checkpoint ${path} ${message}`);
  });

  it('accepts empty tensors and any order of offsets', () => {
    const path = craft(join(dir, 'fine.ckpt'), ok([t('b', [2], 1, 2), t('empty', [0, 3], 3, 0), t('a', [], 0, 1)]), 3);
    const { tensors } = loadCheckpoint(path);
    expect(tensors.get('empty')!.shape).toEqual([0, 3]);
    expect(tensors.get('a')!.shape).toEqual([]);
  });
});
