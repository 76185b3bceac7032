// `simsiam train --resume DIR`: a larger --epochs continues the run to the new end (the cosine schedule
// over the new total, as the official code does when restarted with more epochs); other changed fields are
// refused by name; the outputs stay beside the checkpoint, even when the folder was moved.
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { main } from '../../src/cli.js';
import { tempDir } from '../data/fixtures.js';
import { writeTinyFolder } from '../train/tiny_run.js';

const dir = tempDir();
const data = join(dir.path, 'images');
const out = (name: string) => join(dir.path, name);
const tinyFlags = ['--data', `folder:${data}`, '--device', 'cpu', '--batch-size', '8', '--image-size', '8', '--width', '0.0625',
  '--projector-dim', '16', '--predictor-dim', '4', '--knn-k', '5', '--seed', '3', '--base-lr', '0.5'];

beforeAll(() => writeTinyFolder(data));
afterAll(() => dir.remove());
afterEach(() => void vi.restoreAllMocks());

async function run(...argv: string[]): Promise<{ code: number; lines: string[] }> {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((m: string) => void lines.push(String(m)));
  vi.spyOn(console, 'error').mockImplementation((m: string) => void lines.push(String(m)));
  vi.spyOn(console, 'warn').mockImplementation(() => {});
  vi.spyOn(process.stdout, 'write').mockImplementation(() => true);
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await main(argv);
  vi.restoreAllMocks();
  return { code, lines };
}

interface Step { type: string; epoch: number; step: number; lr: number }
const steps = (run: string): Step[] => readFileSync(join(out(run), 'metrics.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l)).filter((r) => r.type === 'step');
const epochs = (run: string) => readFileSync(join(out(run), 'metrics.jsonl'), 'utf8').trim().split('\n')
  .map((l) => JSON.parse(l)).filter((r) => r.type === 'epoch').map((r) => r.epoch);

describe('train --resume', () => {
  it('--epochs N larger than the run continues it to N with the cosine schedule over N, and says so', async () => {
    expect((await run('train', ...tinyFlags, '--epochs', '3', '--out', out('whole'))).code).toBe(0);
    expect((await run('train', ...tinyFlags, '--epochs', '2', '--out', out('short'))).code).toBe(0);
    expect(epochs('short')).toEqual([0, 1]);
    const resumed = await run('train', '--resume', out('short'), '--epochs', '3');
    expect(resumed.code).toBe(0);
    expect(resumed.lines.join('\n')).toContain('continuing to epoch 3 (the run had 2): the cosine lr schedule now spans 3 epochs');
    expect(epochs('short')).toEqual([0, 1, 2]);
    // Epochs are counted from 0 in metrics.jsonl. The third epoch's steps follow the 3-epoch schedule: the same step numbers and lrs as the run planned for 3.
    const third = (r: string) => steps(r).filter((s) => s.epoch === 2).map((s) => [s.step, s.lr]);
    expect(third('short').length).toBeGreaterThan(0);
    expect(third('short')).toEqual(third('whole'));
    // ... while the first two followed the 2-epoch schedule it was started with (lower lr in epoch 2).
    const second = (r: string) => steps(r).filter((s) => s.epoch === 1).map((s) => s.lr);
    expect(second('short')[0]).toBeLessThan(second('whole')[0]);
  });

  it('a finished run resumed without a larger --epochs trains nothing more and says how to continue', async () => {
    expect((await run('train', ...tinyFlags, '--epochs', '1', '--out', out('done'))).code).toBe(0);
    const before = readFileSync(join(out('done'), 'metrics.jsonl'), 'utf8');
    const again = await run('train', '--resume', out('done'));
    expect(again.lines.join('\n')).toContain('the run already finished its 1 epochs: nothing to train; to train on, resume with a larger --epochs (e.g. --epochs 2)');
    expect(readFileSync(join(out('done'), 'metrics.jsonl'), 'utf8')).toBe(before);
    expect(again.code).toBe(0);
  });

  it('other changed fields are refused by the name the user gave them; a smaller --epochs too', async () => {
    expect((await run('train', ...tinyFlags, '--epochs', '1', '--out', out('fixed'))).code).toBe(0);
    const refused = async (...flags: string[]) => {
      const r = await run('train', '--resume', out('fixed'), ...flags);
      expect(r.code, flags.join(' ')).toBe(2);
      return r.lines.at(-1);
    };
    expect(await refused('--batch-size', '16')).toBe('simsiam train: --batch-size cannot change on --resume (the run has 8)');
    expect(await refused('--lr', '0.1')).toBe('simsiam train: --lr cannot change on --resume (the run has 0.5)');
    expect(await refused('--epochs', '3', '--width', '0.125')).toBe('simsiam train: --width cannot change on --resume (the run has 0.0625)');
    expect(await refused('--out', out('elsewhere'))).toBe(
      `simsiam train: --out cannot change on --resume: the run's outputs stay beside its checkpoint, in ${out('fixed')}`);
    // Refusing changed nothing: the run still has one epoch and no lock is left behind.
    expect(epochs('fixed')).toEqual([0]);
    expect(existsSync(join(out('fixed'), '.simsiam.lock'))).toBe(false);
  });

  it('a moved run writes its report and plots beside its checkpoint, not where it was or in the working folder', async () => {
    expect((await run('train', ...tinyFlags, '--epochs', '1', '--out', out('before-move'))).code).toBe(0);
    renameSync(out('before-move'), out('moved'));
    const cwdRuns = join(process.cwd(), 'runs', 'simsiam');
    const cwdRunsBefore = existsSync(cwdRuns) ? statSync(cwdRuns).mtimeMs : null;
    const r = await run('train', '--resume', join(out('moved'), 'checkpoint.ckpt'), '--epochs', '2');
    expect(r.code).toBe(0);
    expect(r.lines.at(-1)).toMatch(new RegExp(`outputs in ${out('moved').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`));
    expect(existsSync(out('before-move'))).toBe(false);
    expect(epochs('moved')).toEqual([0, 1]);
    const report = JSON.parse(readFileSync(join(out('moved'), 'report.json'), 'utf8'));
    expect(report.config.out).toBe(out('moved'));
    expect(report.config.epochs).toBe(2);
    for (const f of ['loss.png', 'knn.png', 'collapse.png']) expect(existsSync(join(out('moved'), f)), f).toBe(true);
    expect(existsSync(cwdRuns) ? statSync(cwdRuns).mtimeMs : null).toBe(cwdRunsBefore);
  });
});
