import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, describe, expect, it } from 'vitest';
import { decodeLimiter } from '../../src/data/decode.js';
import { decodeImageFile, setDecodeConcurrency } from '../../src/data/index.js';
import { Limiter } from '../../src/data/limiter.js';
import { raw, solid, tempDir, writeFile } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

describe('Limiter', () => {
  it('runs at most `limit` jobs at once, in FIFO order', async () => {
    const limiter = new Limiter(2);
    const started: number[] = [];
    const release: Array<() => void> = [];
    const jobs = [0, 1, 2, 3, 4].map((i) => limiter.run(() => {
      started.push(i);
      return new Promise<number>((r) => release.push(() => r(i)));
    }));
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1]);
    release[1]();
    await new Promise((r) => setImmediate(r));
    expect(started).toEqual([0, 1, 2]);
    release[0]();
    release[2]();
    await new Promise((r) => setImmediate(r));
    release[3]();
    release[4]();
    expect(await Promise.all(jobs)).toEqual([0, 1, 2, 3, 4]);
    expect(started).toEqual([0, 1, 2, 3, 4]);
    expect(limiter.maxActive).toBe(2);
  });

  it('runAlone waits for the running jobs, and nothing starts until it ends', async () => {
    const limiter = new Limiter(3);
    const log: string[] = [];
    const release = new Map<string, () => void>();
    const job = (name: string) => () => {
      log.push(`start ${name}`);
      return new Promise<void>((r) => release.set(name, () => { log.push(`end ${name}`); r(); }));
    };
    const all = [limiter.run(job('a')), limiter.run(job('b')), limiter.runAlone(job('alone')), limiter.run(job('c'))];
    const tick = () => new Promise((r) => setImmediate(r));
    await tick();
    expect(log).toEqual(['start a', 'start b']);
    release.get('a')!();
    await tick();
    expect(log).toEqual(['start a', 'start b', 'end a']);
    release.get('b')!();
    await tick();
    expect(log.slice(3)).toEqual(['end b', 'start alone']);
    release.get('alone')!();
    await tick();
    expect(log.slice(5)).toEqual(['end alone', 'start c']);
    release.get('c')!();
    await Promise.all(all);
  });

  it('frees the slot when a job throws', async () => {
    const limiter = new Limiter(1);
    await expect(limiter.run(async () => { throw new Error('boom'); })).rejects.toThrow('boom');
    expect(await limiter.run(async () => 7)).toBe(7);
  });
});

describe('decode concurrency', () => {
  it('keeps sharp decodes submitted at once within the limit (libuv is shared with the augmentation)', async () => {
    const png = await sharp(solid(32, 32, [5, 6, 7]), raw(32, 32)).png().toBuffer();
    const files = Array.from({ length: 12 }, (_, i) => join(tmp.path, `${i}.png`));
    files.forEach((f) => writeFile(f, png));
    const before = decodeLimiter.concurrency;
    try {
      setDecodeConcurrency(2);
      decodeLimiter.maxActive = 0;
      const out = await Promise.all(files.map((f) => decodeImageFile(f)));
      expect(out.every((r) => r.image && r.image.data[0] === 5)).toBe(true);
      expect(decodeLimiter.maxActive).toBe(2);
    } finally {
      setDecodeConcurrency(before);
    }
    expect(() => setDecodeConcurrency(0)).toThrow('Expected positive integer for concurrency but received 0 of type number');
  });
});
