// The default run measured (vite-node bench/mnist_demo.ts [OUT.json [SEEDS]]): `simsiam train` with the
// mnist-demo preset as a user starts it (a fresh process, the built CLI in dist/), once per seed (0, 1, 2 by
// default), each to the end: its kNN top-1/top-5 on the 2,004 test digits beside the random-init encoder's (the
// run computes both), and the wall time of the whole command. Records the load average before and after each run,
// since a busy machine stretches the time and nothing else. Writes OUT.json (default
// bench/results/mnist-demo-<date>.json).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';

interface SeedRun {
  seed: number;
  wallSeconds: number;
  knnTop1: number;
  knnTop5: number;
  baselineKnnTop1: number;
  baselineKnnTop5: number;
  finalLoss: number;
  collapseStd: number;
  imagesPerSecond: number;
  loadBefore: number[];
  loadAfter: number[];
}

const date = new Date().toISOString().slice(0, 10);
const out = process.argv[2] ?? join('bench', 'results', `mnist-demo-${date}.json`);
const seeds = (process.argv[3] ?? '0,1,2').split(',').map(Number);
const cli = join(process.cwd(), 'dist', 'src', 'cli.js');
const tmp = mkdtempSync(join(os.tmpdir(), 'simsiam-demo-'));
const load = () => os.loadavg().map((v) => Number(v.toFixed(2)));
const pct = (v: number) => Number((100 * v).toFixed(2));

const runs: SeedRun[] = [];
try {
  for (const seed of seeds) {
    const dir = join(tmp, `seed-${seed}`);
    const loadBefore = load();
    const t0 = process.hrtime.bigint();
    const r = spawnSync(process.execPath, [cli, 'train', '--seed', String(seed), '--out', dir], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] });
    const wallSeconds = Number(process.hrtime.bigint() - t0) / 1e9;
    if (r.status !== 0) throw new Error(`simsiam train --seed ${seed} exited with ${r.status}:\n${r.stdout}`);
    const f = JSON.parse(readFileSync(join(dir, 'report.json'), 'utf8')).final;
    const run: SeedRun = {
      seed, wallSeconds: Number(wallSeconds.toFixed(1)),
      knnTop1: pct(f.knnTop1), knnTop5: pct(f.knnTop5), baselineKnnTop1: pct(f.baselineKnnTop1), baselineKnnTop5: pct(f.baselineKnnTop5),
      finalLoss: Number(f.loss.toFixed(4)), collapseStd: Number(f.collapseStd.toFixed(4)), imagesPerSecond: Math.round(f.imagesPerSecond),
      loadBefore, loadAfter: load(),
    };
    runs.push(run);
    console.log(`seed ${seed}: kNN top-1 ${run.knnTop1} % (random-init ${run.baselineKnnTop1} %), top-5 ${run.knnTop5} % ` +
      `(${run.baselineKnnTop5} %), ${run.wallSeconds} s, load ${loadBefore[0]} -> ${run.loadAfter[0]}`);
  }
} finally {
  rmSync(tmp, { recursive: true, force: true });
}

const mean = (k: keyof SeedRun) => Number((runs.reduce((a, r) => a + (r[k] as number), 0) / runs.length).toFixed(2));
const summary = {
  what: 'simsiam train (preset mnist-demo, defaults), one fresh process per seed: kNN on the 2,004 MNIST test digits, trained and random-init encoder, and the wall time of the whole command',
  date, node: process.version, cpu: os.cpus()[0]?.model, cores: os.cpus().length,
  meanKnnTop1: mean('knnTop1'), minKnnTop1: Math.min(...runs.map((r) => r.knnTop1)), meanBaselineKnnTop1: mean('baselineKnnTop1'),
  meanWallSeconds: mean('wallSeconds'), maxWallSeconds: Math.max(...runs.map((r) => r.wallSeconds)),
  runs,
};
writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
console.log(`mean kNN top-1 ${summary.meanKnnTop1} % (min ${summary.minKnnTop1} %) vs random-init ${summary.meanBaselineKnnTop1} %; ` +
  `wall ${summary.meanWallSeconds} s (max ${summary.maxWallSeconds} s); wrote ${out}`);
