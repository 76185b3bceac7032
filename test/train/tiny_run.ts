// A tiny generated image folder (two classes of 12x12 PNGs, a few broken files)
// and a training config small enough for many runs per test file on a CPU.
import { join } from 'node:path';
import sharp from 'sharp';
import { resolveConfig, type TrainConfig } from '../../src/train/config.js';
import { writeFile } from '../data/fixtures.js';
import { rng } from '../helpers.js';

export async function writeTinyFolder(root: string, perClass = 20, broken = 2): Promise<void> {
  const r = rng(5);
  for (const [c, base] of [['circles', [200, 40, 40]], ['squares', [40, 60, 200]]] as const)
    for (let i = 0; i < perClass; i++) {
      const px = Buffer.alloc(12 * 12 * 3);
      for (let p = 0; p < 144; p++) for (let ch = 0; ch < 3; ch++) px[p * 3 + ch] = Math.min(255, base[ch] + Math.floor(r() * 50));
      writeFile(join(root, c, `img${i}.png`), await sharp(px, { raw: { width: 12, height: 12, channels: 3 } }).png().toBuffer());
      if (i < broken) writeFile(join(root, c, `broken${i}.png`), 'not an image at all');
    }
}

export const tinyConfig = (data: string, out: string, overrides: Record<string, unknown> = {}): TrainConfig => resolveConfig({
  data: `folder:${data}`, out, device: 'cpu', epochs: 2, batchSize: 8, imageSize: 8, width: 0.0625, projectorDim: 16,
  predictorDim: 4, knnK: 5, seed: 3, baseLr: 0.5, ...overrides,
});

export const quiet = { log: () => {}, progress: null, skipBaseline: true } as const;
