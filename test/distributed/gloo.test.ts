// The Gloo binding (native/collectives/Gloo.cc) between real processes on
// 127.0.0.1: rendezvous through Gloo's FileStore and RedisStore, all-reduce,
// broadcast, barrier and all-gather, and failures turned into errors naming the
// peer rank (one that exits, one that hangs), a rendezvous that times out, and
// a store that already holds a run's keys.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { addonPath, native } from '../../src/native/index.js';
import { freePort, glooSkipReason, redisServer } from './helpers.js';

const WORKER = join(dirname(fileURLToPath(import.meta.url)), 'gloo_worker.cjs');
const dirs: string[] = [];
const storeDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'simsiam-gloo-'));
  dirs.push(d);
  return d;
};
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

type Report = Record<string, unknown> & { rank: number };

function worker(rank: number, size: number, store: string, scenario: string, timeoutMs = 20000): { child: ChildProcess; done: Promise<Report> } {
  const child = spawn(process.execPath, [WORKER, addonPath, String(rank), String(size), store, scenario, String(timeoutMs)], { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '', err = '';
  child.stdout!.on('data', (d) => void (out += d));
  child.stderr!.on('data', (d) => void (err += d));
  const done = new Promise<Report>((resolve, reject) => child.on('exit', (code, signal) => {
    const line = out.trim().split('\n').filter(Boolean).at(-1);
    if (line) resolve(JSON.parse(line));
    else reject(new Error(`rank ${rank} exited with ${code ?? signal} and printed nothing: ${err}`));
  }));
  return { child, done };
}

const world = (size: number, store: string, scenario: string, timeoutMs?: number) =>
  Array.from({ length: size }, (_, r) => worker(r, size, store, scenario, timeoutMs));

const skip = glooSkipReason();

describe.skipIf(skip !== null)(`Gloo collectives between processes${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('reports its build', () => {
    const info = native.collectivesInfo();
    expect(info.gloo.built).toBe(true);
    expect(info.gloo.info).toMatch(/^Gloo \d+\.\d+\.\d+ \(TCP transport; stores: file/);
  });

  for (const size of [2, 3]) {
    it(`${size} ranks over a FileStore: all-reduce (float32, float64), broadcast, barrier, all-gather`, async () => {
      const reports = await Promise.all(world(size, `file:${storeDir()}`, 'ops').map((w) => w.done));
      const sumOf = (f: (r: number) => number) => Array.from({ length: size }, (_, r) => f(r)).reduce((a, b) => a + b, 0);
      for (const r of reports) {
        expect(r.error).toBeUndefined();
        expect(r.f32).toEqual([sumOf(() => 0.25), sumOf((k) => k + 1 + 0.25), sumOf((k) => 999 * (k + 1) + 0.25)]);
        expect(r.f64).toEqual([sumOf((k) => k + 0.5), sumOf((k) => 1e-17 * k), size * 2 ** 40]);
        expect(r.bytes).toEqual([9, 8, 7, 6, 5]);
        expect(r.floats).toEqual([1.5, -2, Math.fround(3e-8)]);
        expect(r.gathered).toEqual(Array.from({ length: size }, (_, k) => [k, 100 + k]).flat());
        expect([r.rankOf, r.sizeOf]).toEqual([r.rank, size]);
        expect(r.closed).toEqual({ message: `rank ${r.rank}: the process group is closed`, kind: 'closed' });
      }
    });
  }

  it('a rank that exits: the others fail at once, naming it', async () => {
    const reports = await Promise.all(world(3, `file:${storeDir()}`, 'die').slice(0, 2).map((w) => w.done));
    for (const r of reports) {
      expect(r.kind).toBe('peer-lost');
      expect(r.peers).toEqual([2]);
      expect(r.error).toMatch(new RegExp(`^rank ${r.rank}: all-reduce failed: rank 2 has gone \\(connection closed: the process exited or was killed\\)`));
      expect(r.ms).toBeLessThan(5000);
      expect(r.again).toBe(r.error);
    }
  });

  it('a rank that hangs: the other times out after the timeout, naming it', async () => {
    const [a, b] = world(2, `file:${storeDir()}`, 'hang', 1500);
    try {
      const r = await a.done;
      expect(r.kind).toBe('timeout');
      expect(r.peers).toEqual([1]);
      expect(r.error).toMatch(/^rank 0: all-reduce timed out after 1.5 s: rank 1 did not take part in time/);
      expect(r.ms).toBeGreaterThanOrEqual(1400);
      expect(r.ms).toBeLessThan(6000);
    } finally {
      b.child.kill('SIGKILL');
    }
  });

  it('a rendezvous that not every rank joins times out, saying so', async () => {
    const r = await worker(0, 2, `file:${storeDir()}`, 'ops', 1000).done;
    expect(r.kind).toBe('timeout');
    expect(r.error).toMatch(/^rank 0 of 2: rendezvous at file:.* timed out after 1 s: not every rank joined/);
  });

  it("a store that holds a previous run's keys is refused", async () => {
    const store = `file:${storeDir()}`;
    await Promise.all(world(2, store, 'ops').map((w) => w.done));
    const r = await worker(0, 2, store, 'ops', 2000).done;
    expect(r.error).toMatch(/already holds keys of run id 'test' \(a previous run's\): use a fresh store or another run id/);
  });

  it('bad options are refused', async () => {
    await expect(native.glooConnect({ rank: 2, size: 2, store: 'file:/tmp' })).rejects.toThrow('rank 2 is not in a world of 2');
    await expect(native.glooConnect({ rank: 0, size: 2, store: 'nfs:/x', connectTimeoutMs: 100 })).rejects.toThrow(
      "unknown rendezvous store 'nfs:/x': expected file:DIR or redis:HOST:PORT");
  });

  const redis = redisServer.available();
  it.skipIf(!redis)(`2 ranks over a RedisStore on a free port (no shared filesystem)${redis ? '' : ' (skipped: redis-server is not installed)'}`, async () => {
    const port = await freePort();
    const server = await redisServer.start(port);
    try {
      const reports = await Promise.all(world(2, `redis:127.0.0.1:${port}`, 'ops').map((w) => w.done));
      for (const r of reports) expect(r.bytes).toEqual([9, 8, 7, 6, 5]);
    } finally {
      server.kill('SIGKILL');
    }
  });
});
