// Data-parallel training end to end, as a user runs it: `simsiam train
// --nproc-per-node 2` (CPU workers over Gloo on 127.0.0.1) against one
// process; the torchrun environment by hand (the Redis rendezvous rank 0
// starts); and the faults: kill -9 of a worker mid-epoch, then --resume, then
// Ctrl-C (one checkpoint, every worker stops), then --resume to the end.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import '../../src/index.js';
import { loadCheckpoint } from '../../src/train/checkpoint.js';
import { resolveConfig } from '../../src/train/config.js';
import { train } from '../../src/train/trainer.js';
import { bundleCli, freePort, glooSkipReason, redisServer } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simsiam-dp-'));
// The CLI of these sources, bundled: the launcher starts its workers with the same command, as the simsiam bin does.
const bundle = bundleCli();
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  bundle.remove();
});
const out = (name: string) => join(dir, name);

/**
 * 64 MNIST digits, 4 global batches of 16 per epoch, a thin model: a few seconds per epoch on one core. The cifar
 * augmentation: with mnist-demo's digits preset the two runs agree as closely over 4 steps (7e-5 of each tensor's
 * norm), but at this lr its 8 steps amplify the float-order differences of a few momentum buffers to 1e-2; the
 * digits rotations of a worker's share are tested in test/view_rotation.test.ts.
 */
const TINY = { data: 'mnist', trainLimit: 64, device: 'cpu', batchSize: 16, imageSize: 12, width: 0.0625, projectorDim: 32, predictorDim: 8,
  knnK: 5, seed: 3, baseLr: 2, augPreset: 'cifar' } as const;
const flags = (o: Record<string, string | number | boolean>) => Object.entries(o).flatMap(([k, v]) =>
  v === true ? [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`] : [`--${k.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`, String(v)]);

interface Exit { code: number | null; output: string; seconds: number }

/** `simsiam ...` in a child process; `onOutput` sees the output as it grows. */
function simsiam(args: string[], env: Record<string, string> = {}, onOutput?: (all: string, child: ReturnType<typeof spawn>) => void) {
  const child = spawn(process.execPath, [bundle.cli, ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const t0 = Date.now();
  const grow = (d: Buffer) => {
    output += d;
    onOutput?.(output, child);
  };
  child.stdout!.on('data', grow);
  child.stderr!.on('data', grow);
  const done = new Promise<Exit>((resolve) => child.on('close', (code) => resolve({ code, output, seconds: (Date.now() - t0) / 1000 })));
  return { child, done };
}

const stepRecords = (run: string) => readFileSync(join(out(run), 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  .filter((r) => r.type === 'step') as Array<{ epoch: number; step: number; loss: number; images: number }>;
const epochRecords = (run: string) => readFileSync(join(out(run), 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
  .filter((r) => r.type === 'epoch') as Array<{ epoch: number; loss: number }>;

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};
const pids = (output: string) => [...output.matchAll(/worker rank \d: pid (\d+)/g)].map((m) => Number(m[1]));
/** Every process gone within 15 s (a worker closes its output a moment before it has exited). */
const expectGone = async (list: number[]) => {
  for (let t = 0; t < 150 && list.some(alive); t++) await new Promise((r) => setTimeout(r, 100));
  expect(list.filter(alive)).toEqual([]);
};

const skip = glooSkipReason();

describe.skipIf(skip !== null)(`data-parallel training, CPU workers over Gloo on 127.0.0.1${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('2 workers with --sync-bn and 8 images each reproduce 1 worker with batch 16 (losses within 1e-5, every weight within 2e-3 of its norm)', async () => {
    const one = await train(resolveConfig({ ...TINY, epochs: 2, syncBn: true, out: out('one') }), { log: () => {}, progress: null });
    const two = await simsiam(['train', '--nproc-per-node', '2', ...flags({ ...TINY, epochs: 2, syncBn: true, out: out('two') })]).done;
    expect(two.code, two.output).toBe(0);
    expect(two.output).toContain('data parallel: 2 workers, 8 images each per step of 16, SyncBatchNorm; rank 0 writes the run');
    const [a, b] = [stepRecords('one'), stepRecords('two')];
    expect(b.map((r) => [r.epoch, r.step, r.images])).toEqual(a.map((r) => [r.epoch, r.step, 16]));
    a.forEach((r, i) => expect(Math.abs(b[i].loss - r.loss)).toBeLessThan(1e-5));
    expect(one.stepLosses).toHaveLength(8);
    // Weights, BatchNorm statistics and momentum buffers: the float sums run in another order, over 8 steps.
    const [wa, wb] = [loadCheckpoint(join(out('one'), 'checkpoint.ckpt')).tensors, loadCheckpoint(join(out('two'), 'checkpoint.ckpt')).tensors];
    expect([...wb.keys()].sort()).toEqual([...wa.keys()].sort());
    for (const [name, t] of wa) {
      const x = t.dataSync(), y = wb.get(name)!.dataSync();
      let diff = 0, norm = 0;
      for (let i = 0; i < x.length; i++) [diff, norm] = [diff + (x[i] - y[i]) ** 2, norm + x[i] ** 2];
      expect(Math.sqrt(diff), name).toBeLessThanOrEqual(2e-3 * Math.sqrt(norm) + 1e-6 * Math.sqrt(x.length));
    }
    // Rank 0 alone wrote the run.
    expect(existsSync(join(out('two'), 'report.json'))).toBe(true);
  }, 300_000);

  it('without --sync-bn: every worker holds the same parameters after every step, and the loss goes down', async () => {
    const r = await simsiam(['train', '--nproc-per-node', '2', ...flags({ ...TINY, epochs: 5, out: out('nosync') })], { SIMSIAM_DIST_CHECK: '1' }).done;
    expect(r.code, r.output).toBe(0);
    const checks = [...r.output.matchAll(/parameters identical on the 2 workers after epoch (\d+), step (\d+) \(sha256 [0-9a-f]{16}\)/g)].map((m) => `${m[1]}.${m[2]}`);
    expect(checks).toEqual(Array.from({ length: 20 }, (_, i) => `${Math.floor(i / 4) + 1}.${(i % 4) + 1}`));
    const epochs = epochRecords('nosync');
    expect(epochs).toHaveLength(5);
    expect(epochs[4].loss).toBeLessThan(epochs[0].loss);
  }, 300_000);

  it('kill -9 of a worker mid-epoch stops the others within 30 s naming it; --resume continues; Ctrl-C checkpoints once and stops every worker', async () => {
    const args = ['train', '--nproc-per-node', '2', ...flags({ ...TINY, epochs: 6, out: out('faults') })];
    // Killed in epoch 2 (the output may lag a step or two behind): the checkpoint of the last whole epoch stays.
    let victim = 0, killedAt = 0;
    const first = await simsiam(args, {}, (all) => {
      if (victim || !/epoch 2\/6 \[#+\.*\] 2\/4/.test(all)) return;
      victim = pids(all)[1];
      killedAt = Date.now();
      process.kill(victim, 'SIGKILL');
    }).done;
    expect(victim).toBeGreaterThan(0);
    expect(first.code).not.toBe(0);
    expect((Date.now() - killedAt) / 1000).toBeLessThan(30);
    expect(first.output).toContain(`simsiam train: worker rank 1 (pid ${victim}) was killed by SIGKILL; stopping the other workers`);
    expect(first.output).toMatch(/simsiam train: rank 0: all-reduce failed: rank 1 has gone \(connection closed: the process exited or was killed\)/);
    await expectGone(pids(first.output));
    const saved = epochRecords('faults').length;
    expect(saved).toBeGreaterThanOrEqual(1);
    expect(saved).toBeLessThan(6);

    // Resumed: Ctrl-C (to the launcher, as a terminal sends it) in epoch 4 saves one checkpoint and stops both.
    let sent = false;
    const second = await simsiam(['train', '--nproc-per-node', '2', '--resume', out('faults')], {}, (all, child) => {
      if (sent || !/epoch 4\/6 \[#+\.*\] 2\/4/.test(all)) return;
      sent = true;
      child.kill('SIGINT');
    }).done;
    expect(second.code, second.output).toBe(130);
    expect(second.output).toContain(`resuming ${join(out('faults'), 'checkpoint.ckpt')} at epoch ${saved + 1}, step 0`);
    expect(second.output.match(/stopped at epoch [4-6], step \d; checkpoint/g), second.output).toHaveLength(1);
    await expectGone(pids(second.output));

    const third = await simsiam(['train', '--nproc-per-node', '2', '--resume', out('faults')]).done;
    expect(third.code, third.output).toBe(0);
    expect(epochRecords('faults').map((e) => e.epoch)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(stepRecords('faults').map((r) => `${r.epoch}.${r.step}`)).toEqual(Array.from({ length: 24 }, (_, i) => `${Math.floor(i / 4)}.${i % 4}`));
  }, 600_000);

  it('a worker that hangs (SIGSTOP): the other times out after SIMSIAM_DIST_TIMEOUT, the launcher names the hung one and leaves no process behind', async () => {
    let stopped = 0, at = 0;
    const r = await simsiam(['train', '--nproc-per-node', '2', ...flags({ ...TINY, epochs: 3, out: out('hang') })], { SIMSIAM_DIST_TIMEOUT: '5' }, (all) => {
      if (stopped || !/epoch 1\/3 \[#+\.*\] 2\/4/.test(all)) return;
      stopped = pids(all)[1];
      at = Date.now();
      process.kill(stopped, 'SIGSTOP');
    }).done;
    expect(stopped).toBeGreaterThan(0);
    expect(r.code).not.toBe(0);
    expect((Date.now() - at) / 1000).toBeLessThan(30);
    expect(r.output).toContain('simsiam train: rank 0: all-reduce timed out after 5 s: rank 1 did not take part in time');
    expect(r.output).toContain(`simsiam train: worker rank 1 (pid ${stopped}) stopped responding: rank 0 timed out waiting for it; stopping the workers`);
    await expectGone(pids(r.output));
  }, 300_000);

  it('the launcher killed: the workers stop together with a checkpoint, as on SIGTERM', async () => {
    let killed = false;
    const r = await simsiam(['train', '--nproc-per-node', '2', ...flags({ ...TINY, epochs: 3, out: out('orphans') })], {}, (all, child) => {
      if (killed || !/epoch 1\/3 \[#+\.*\] 2\/4/.test(all)) return;
      killed = true;
      child.kill('SIGKILL');
    }).done;
    // The launcher's output pipe closes when the last worker is gone.
    expect(killed).toBe(true);
    expect(r.output).toContain('simsiam train: rank 1: the launcher is gone; stopping');
    expect(r.output.match(/stopped at epoch [12], step \d; checkpoint/g)).toHaveLength(1);
    await expectGone(pids(r.output));
    const state = loadCheckpoint(join(out('orphans'), 'checkpoint.ckpt')).state as { epoch: number; step: number };
    expect(state.epoch <= 1 && state.step > 0).toBe(true);
  }, 300_000);

  const redis = redisServer.available();
  it.skipIf(!redis)(`by hand with the torchrun variables: rank 0 starts the Redis rendezvous at MASTER_ADDR:MASTER_PORT${redis ? '' : ' (skipped: redis-server is not installed)'}`, async () => {
    const port = await freePort();
    const env = (rank: number) => ({ RANK: String(rank), WORLD_SIZE: '2', LOCAL_RANK: String(rank), MASTER_ADDR: '127.0.0.1', MASTER_PORT: String(port) });
    const args = ['train', ...flags({ ...TINY, epochs: 1, out: out('byhand') })];
    const [r0, r1] = await Promise.all([simsiam(args, env(0)).done, simsiam(args, env(1)).done]);
    expect(r0.code, r0.output).toBe(0);
    expect(r1.code, r1.output).toBe(0);
    expect(r0.output).toContain(`rendezvous: started redis-server on 127.0.0.1:${port} for the 2 workers`);
    expect(r1.output.trim()).toBe('');  // rank 1 writes nothing
    expect(stepRecords('byhand')).toHaveLength(4);
  }, 300_000);
});
