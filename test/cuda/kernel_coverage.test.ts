// The code paths users run — training (with the kNN monitor and its random-
// init baseline), the linear probe and fine-tuning, kNN, export — on the cuda
// backend use only kernels implemented for it: none falls back to the host.
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { hostFallbackCalls, tf } from '../../src/index.js';
import { main } from '../../src/cli.js';
import { resolveConfig } from '../../src/train/config.js';
import { train } from '../../src/train/trainer.js';
import { tempDir, writeFile } from '../data/fixtures.js';
import { useCudaBackend } from './setup.js';

const device = useCudaBackend();
const dir = tempDir();
const data = join(dir.path, 'images');

beforeAll(async () => {
  for (const [c, base] of [['a', 40], ['b', 180]] as const)
    for (let i = 0; i < 12; i++) {
      const px = Buffer.alloc(12 * 12 * 3);
      for (let p = 0; p < px.length; p++) px[p] = (base + p * 7 + i * 13) % 256;
      writeFile(join(data, c, `img${i}.png`), await sharp(px, { raw: { width: 12, height: 12, channels: 3 } }).png().toBuffer());
    }
});
afterAll(async () => {
  dir.remove();
  await tf.setBackend('cpu');
});

describe(`kernels of the user-facing paths on cuda (${device} device)`, () => {
  it('train, probe, fine-tune, knn and export run without the host fallback', async () => {
    vi.spyOn(console, 'log').mockImplementation(() => {});
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    hostFallbackCalls.clear();
    const out = join(dir.path, 'run');
    const config = resolveConfig({ data: `folder:${data}`, out, device: 'cuda', epochs: 1, batchSize: 8, imageSize: 8, width: 0.0625, projectorDim: 16, predictorDim: 4, knnK: 5, seed: 3, baseLr: 0.5 });
    const r = await train(config, { log: () => {}, progress: null, skipBaseline: false });
    expect(r.knn).not.toBeNull();
    expect(tf.getBackend()).toBe('cuda');
    expect(await main(['probe', '--checkpoint', out, '--epochs', '2', '--labels-fraction', '0.5', '--device', 'cuda'])).toBe(0);
    expect(await main(['probe', '--checkpoint', out, '--epochs', '1', '--finetune', '--device', 'cuda'])).toBe(0);
    expect(await main(['knn', '--checkpoint', out, '--k', '3', '--device', 'cuda'])).toBe(0);
    expect(await main(['export', '--checkpoint', out, '--out', join(dir.path, 'exported')])).toBe(0);
    expect(Object.fromEntries(hostFallbackCalls)).toEqual({});
  });
});
