// report.json and the three plots of writeRunReport, from a made-up run and
// its metrics.jsonl: versions, dates, device, host, final metrics, and every
// field the report had before.
import { afterAll, describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import sharp from 'sharp';
import { PLOT_HEIGHT, PLOT_WIDTH } from '../../src/report/plot.js';
import { readMetrics, stepPoints, writeRunReport } from '../../src/report/run_report.js';
import { tempDir } from '../data/fixtures.js';
import { fakeRun } from './fake_run.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const require = createRequire(import.meta.url);

describe('writeRunReport', () => {
  it('report.json says what ran where and when, and how it ended; the plots are written', async () => {
    const { r, steps } = fakeRun();
    // Steps 0.5 s apart within an epoch, 128 images each: 256 images/s (the gap between epochs does not count).
    const lines = steps.flatMap((s, i) => {
      const step = { type: 'step', ...s, lr: 0.1, images: 128, time: 1000 + s.epoch * 100 + s.step * 0.5 };
      const end = s.step === 22 ? [{ type: 'epoch', ...r.epochs[s.epoch] }] : [];
      return [step, ...end].map((x) => JSON.stringify(x));
    });
    writeFileSync(join(tmp.path, 'metrics.jsonl'), lines.join('\n') + '\n');
    const before = new Date();
    const files = await writeRunReport(tmp.path, r);
    expect(files.map((f) => f.slice(tmp.path.length + 1))).toEqual(['loss.png', 'knn.png', 'collapse.png', 'report.json']);
    for (const f of files.slice(0, 3)) {
      const meta = await sharp(f).metadata();
      expect([meta.format, meta.width, meta.height]).toEqual(['png', PLOT_WIDTH, PLOT_HEIGHT]);
    }

    const report = JSON.parse(readFileSync(join(tmp.path, 'report.json'), 'utf8'));
    expect(report.versions).toEqual({
      simsiamNode: JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version,
      tfjsCore: require('@tensorflow/tfjs-core/package.json').version,
      node: process.versions.node,
    });
    expect(report.versions.tfjsCore).toMatch(/^\d+\.\d+\.\d+/);
    expect(report.started).toBe('2024-01-01T00:00:00.000Z');
    expect(new Date(report.ended).toISOString()).toBe(report.ended);
    expect(Date.parse(report.ended)).toBeGreaterThanOrEqual(before.getTime() - 1);
    expect(report.wallSeconds).toBe(60);
    expect(report.device).toMatchObject({ requested: 'auto', backend: 'cpu', whyNotCuda: 'no CUDA device', cudaDevice: null });
    expect(Array.isArray(report.device.cudaDevicesFound)).toBe(true);
    expect(report.host).toMatchObject({ cpu: cpus()[0].model, cores: cpus().length });
    expect(report.host.memoryGiB).toBeGreaterThan(0);
    expect(report.final).toEqual({
      epochs: 3, steps: 69, loss: r.epochs[2].loss, collapseStd: r.epochs[2].collapseStd, healthyCollapseStd: 1 / 16,
      knnTop1: 0.4167, knnTop5: 0.8767, baselineKnnTop1: 0.2879, baselineKnnTop5: 0.7545, imagesPerSecond: 256,
    });
    // What the report held before, unchanged; the step losses stay in metrics.jsonl.
    const { stepLosses: _s, started: _t, whyNotCuda: _w, ...kept } = r;
    for (const [key, value] of Object.entries(kept)) expect(report[key]).toEqual(value);
    expect(report.config.projectorDim).toBe(256);
    expect(report).not.toHaveProperty('stepLosses');
  });

  it('the loss curve falls back on the result\'s step losses when there is no metrics log', () => {
    const { r } = fakeRun(2, 4);
    expect(readMetrics(join(tmp.path, 'nothing.jsonl'))).toEqual([]);
    const steps = stepPoints(r, []);
    expect(steps.map((s) => [s.epoch, s.step])).toEqual([[0, 0], [0, 1], [0, 2], [0, 3], [1, 0], [1, 1], [1, 2], [1, 3]]);
    expect(steps.map((s) => s.loss)).toEqual(r.stepLosses);
  });
});
