// End-to-end runs on a tiny generated image folder (CPU).
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { tf } from '../../src/index.js';
import { main } from '../../src/cli.js';
import { resolveConfig } from '../../src/train/config.js';
import { train } from '../../src/train/trainer.js';
import { loadTrainedModel } from '../../src/train/load_model.js';
import { loadExportedModel } from '../../src/export/export_model.js';
import { tempDir, writeFile } from '../data/fixtures.js';
import { rng } from '../helpers.js';

const dir = tempDir();
const data = join(dir.path, 'images');

beforeAll(async () => {
  const r = rng(5);
  for (const [c, base] of [['circles', [200, 40, 40]], ['squares', [40, 60, 200]]] as const)
    for (let i = 0; i < 20; i++) {
      const px = Buffer.alloc(12 * 12 * 3);
      for (let p = 0; p < 144; p++) for (let ch = 0; ch < 3; ch++) px[p * 3 + ch] = Math.min(255, base[ch] + Math.floor(r() * 50));
      writeFile(join(data, c, `img${i}.png`), await sharp(px, { raw: { width: 12, height: 12, channels: 3 } }).png().toBuffer());
      if (i < 2) writeFile(join(data, c, `broken${i}.png`), 'not an image at all');
    }
});
afterAll(() => dir.remove());

const tiny = (out: string) => resolveConfig({
  data: `folder:${data}`, out, device: 'cpu', epochs: 2, batchSize: 8, imageSize: 8, width: 0.0625, projectorDim: 16,
  predictorDim: 4, knnK: 5, seed: 3, baseLr: 0.5,
});
const quiet = { log: () => {}, progress: null, skipBaseline: true } as const;

/** A finished run of its own for a case that needs one (cases never share run directories). */
async function trainedRun(name: string): Promise<string> {
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  const out = join(dir.path, name);
  await train(tiny(out), quiet);
  return out;
}

describe('trainer', () => {
  it('resuming from a checkpoint reproduces the uninterrupted run exactly', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const full = await train(tiny(join(dir.path, 'full')), quiet);
    expect(full.stepLosses.length).toBeGreaterThanOrEqual(4);
    const first = await train(tiny(join(dir.path, 'resumed')), { ...quiet, maxSteps: 1 });
    expect(first.interrupted).toBe(true);
    const rest = await train(tiny(join(dir.path, 'ignored')), { ...quiet, resume: join(dir.path, 'resumed') });
    expect([...first.stepLosses, ...rest.stepLosses]).toEqual(full.stepLosses);
    expect(rest.epochs.map((e) => e.loss)).toEqual(full.epochs.map((e) => e.loss));
    // The resumed run's report (and loss plot) covers the steps before the resume too: they come from metrics.jsonl.
    const report = JSON.parse(readFileSync(join(dir.path, 'resumed', 'report.json'), 'utf8'));
    expect(report.final.steps).toBe(full.stepLosses.length);
    expect(report.final.loss).toBe(full.epochs.at(-1)!.loss);
  });

  it('skips and counts unreadable images, writes metrics, plots and a checkpoint', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const out = join(dir.path, 'report');
    const r = await train(tiny(out), { ...quiet, skipBaseline: false });
    expect(r.epochs.reduce((n, e) => n + e.skipped, 0)).toBeGreaterThan(0);
    expect(r.knn).not.toBeNull();
    expect(r.baselineKnn).not.toBeNull();
    for (const f of ['checkpoint.ckpt', 'metrics.jsonl', 'loss.png', 'knn.png', 'collapse.png', 'report.json']) expect(existsSync(join(out, f))).toBe(true);
    const lines = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
    expect(lines.filter((l) => l.type === 'epoch')).toHaveLength(2);
    expect(lines.filter((l) => l.type === 'step').length).toBe(r.stepLosses.length);
    for (const f of ['loss.png', 'knn.png', 'collapse.png']) {
      const png = await sharp(join(out, f)).metadata();
      expect([png.width, png.height]).toEqual([800, 480]);
    }
    const report = JSON.parse(readFileSync(join(out, 'report.json'), 'utf8'));
    expect(report.device).toMatchObject({ requested: 'cpu', backend: 'cpu', whyNotCuda: 'cpu requested' });
    expect(Date.parse(report.ended) - Date.parse(report.started)).toBeGreaterThanOrEqual(report.wallSeconds * 1000 - 1);
    expect(report.final).toMatchObject({ epochs: 2, steps: r.stepLosses.length, loss: r.epochs[1].loss, knnTop1: r.knn!.top1, baselineKnnTop1: r.baselineKnn!.top1 });
    expect(report.final.imagesPerSecond).toBeGreaterThan(0);
  });

  it('exports a LayersModel whose features equal the checkpoint backbone', async () => {
    const run = await trainedRun('to-export');
    const exported = join(dir.path, 'exported');
    vi.spyOn(console, 'log').mockImplementation(() => {});
    expect(await main(['export', '--checkpoint', run, '--out', exported])).toBe(0);
    const loaded = await loadExportedModel(exported);
    const { model } = loadTrainedModel(run);
    const x = tf.randomUniform([3, 8, 8, 3]);
    expect(Array.from((loaded.predict(x) as tf.Tensor).dataSync())).toEqual(Array.from((model.backbone.predict(x) as tf.Tensor).dataSync()));
  });

  it('probe reports trained and random-init accuracy; knn and check-data run from the CLI', async () => {
    const lines: string[] = [];
    vi.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(String(m)));
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const run = await trainedRun('to-probe');
    expect(await main(['probe', '--checkpoint', run, '--epochs', '3', '--labels-fraction', '0.5'])).toBe(0);
    expect(lines.join('\n')).toMatch(/linear probe on folder:.* with \d+ labelled images \(50\.00%\)/);
    expect(lines.join('\n')).toMatch(/trained encoder \(epoch 2\): top-1 \d+\.\d\d%, top-5 100\.00%/);
    expect(lines.join('\n')).toMatch(/random-init encoder: +top-1 \d+\.\d\d%/);
    expect(await main(['knn', '--checkpoint', run, '--k', '3'])).toBe(0);
    expect(lines.at(-1)).toMatch(/^kNN \(k=3, T=0\.1\) on folder:.*: trained top-1 \d+\.\d\d%/);
    const grid = join(dir.path, 'grid.png');
    expect(await main(['check-data', '--data', `folder:${data}`, '--image-size', '8', '--rows', '4', '--grid', grid])).toBe(0);
    const meta = await sharp(grid).metadata();
    // 8 px views in 96 px cells (12x, nearest neighbour), 4 px apart, under a 32 px header; rows whose image
    // could not be decoded are left out, so 2 to 4 rows.
    expect(meta.width).toBe(3 * 96 + 2 * 4);
    const rows = (meta.height! - 32 + 4) / (96 + 4);
    expect(Number.isInteger(rows) && rows >= 2 && rows <= 4).toBe(true);
    expect(lines.join('\n')).toMatch(/wrote .*grid\.png: [234] rows of image \| view 1 \| view 2 \(8x8, shown at 96x96\)/);
    expect(lines.join('\n')).toMatch(/classes +2/);
  });

  it('bad command-line values give the documented errors', async () => {
    const errors: string[] = [];
    vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
    expect(await main(['train', '--epochs', '0'])).toBe(2);
    expect(await main(['train', '--device', 'gpu'])).toBe(2);
    expect(await main(['train', '--data', 'imagenet'])).toBe(2);
    expect(await main(['train', '--resume', join(dir.path, 'nothing-here')])).toBe(1);
    expect(await main(['probe', '--checkpoint', join(dir.path, 'not-needed'), '--labels-fraction', '2'])).toBe(2);
    expect(await main(['frobnicate'])).toBe(2);
    expect(errors.slice(0, 5)).toEqual([
      'simsiam train: Invalid value "0" for --epochs: expected an integer from 1 to 100000',
      'simsiam train: Invalid value "gpu" for --device: expected one of auto, cpu, cuda',
      'simsiam train: Invalid value "imagenet" for --data: expected mnist, cifar10:<dir> or folder:<dir>',
      `simsiam train: Cannot read checkpoint ${join(dir.path, 'nothing-here')}: ENOENT: no such file or directory, open '${join(dir.path, 'nothing-here')}'`,
      'simsiam probe: Invalid value "2" for --labels-fraction: expected a number > 0 and <= 1',
    ]);
  });
});
