// Data-parallel measurements on this machine (vite-node bench/dataparallel.ts [OUT.json [REPEATS [IMAGES]]]):
//  1. the all-reduce of ResNet-18's gradients (11 M float32) between 2 processes over loopback (Gloo ring),
//     as one operation and as the trainer's 25 MiB buckets: time per all-reduce and the bandwidth it implies
//     (algorithm bandwidth = bytes / time; bus bandwidth = algbw x 2(n-1)/n, nccl-tests' convention);
//  2. training throughput at the mnist-demo size (ResNet-18 width 1/8, 28 px, batch 128, one epoch of 3000 digits on
//     the CPU; argv[4] fewer images): 1 worker x 2 threads, 1 worker x 1 thread, 2 workers x 1 thread, and 2 x 1 with --sync-bn;
//     images/s over the steps after the first, from metrics.jsonl's step times; argv[3] repeats the four in turn
//     (a shared machine's load drifts) and each configuration's median and best are reported.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { addonPath, native } from '../src/native/index.js';
import { BUCKET_BYTES } from '../src/distributed/gradients.js';

const FLOATS = 11_000_000;
/** Training images per run (mnist-demo's 3000 by default; fewer make shorter runs to repeat more often). */
const TRAIN_LIMIT = Number(process.argv[4] ?? 3000);
const ITERATIONS = 10;
const tmp = mkdtempSync(join(os.tmpdir(), 'simsiam-dpbench-'));
const VITE_NODE = join(process.cwd(), 'node_modules/.bin/vite-node');

interface AllreduceResult { ms: number[]; floats: number; buckets: number }

function allreduceBench(buckets: number): Promise<AllreduceResult[]> {
  const store = mkdtempSync(join(tmp, 'store-'));
  const script = `
    const n = require(${JSON.stringify(addonPath)});
    const [rank, buckets] = [Number(process.argv[1]), Number(process.argv[2])];
    (async () => {
      const g = await n.glooConnect({ rank, size: 2, store: ${JSON.stringify(`file:${store}`)}, hostname: '127.0.0.1', timeoutMs: 120000 });
      const per = Math.ceil(${FLOATS} / buckets);
      const parts = Array.from({ length: buckets }, (_, b) => new Float32Array(Math.min(per, ${FLOATS} - b * per)).fill(rank + 1));
      const ms = [];
      for (let i = 0; i < 3 + ${ITERATIONS}; i++) {
        await g.barrier();
        const t0 = process.hrtime.bigint();
        for (const p of parts) await g.allreduce(p);
        const t = Number(process.hrtime.bigint() - t0) / 1e6;
        if (i >= 3) ms.push(t);
      }
      // 1 + 2, then doubled by each later all-reduce (both ranks hold the same values).
      if (parts[0][0] !== 3 * 2 ** (3 + ${ITERATIONS} - 1)) throw new Error('wrong sum ' + parts[0][0]);
      g.close();
      console.log(JSON.stringify({ ms, floats: ${FLOATS}, buckets }));
    })().catch((e) => { console.error(e.message); process.exit(1); });`;
  return Promise.all([0, 1].map((rank) => new Promise<AllreduceResult>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', script, String(rank), String(buckets)], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => void (out += d));
    child.on('close', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`rank ${rank} exited with ${code}`))));
  })));
}

const median = (v: number[]) => {
  const s = [...v].sort((a, b) => a - b), m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : Number(((s[m - 1] + s[m]) / 2).toFixed(2));
};
const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;

function summarise(r: AllreduceResult[]) {
  // The slower rank's time is the operation's.
  const ms = r[0].ms.map((t, i) => Math.max(t, r[1].ms[i]));
  const bytes = FLOATS * 4;
  const gbps = (t: number) => bytes / (t / 1000) / 1e9;
  return {
    floats: FLOATS, bytes, operations: r[0].buckets, iterations: ms.length,
    msMedian: Number(median(ms).toFixed(2)), msMean: Number(mean(ms).toFixed(2)), msMin: Number(Math.min(...ms).toFixed(2)),
    algorithmBandwidthGBps: Number(gbps(median(ms)).toFixed(3)),
    busBandwidthGBps: Number((gbps(median(ms)) * (2 * (2 - 1)) / 2).toFixed(3)),
  };
}

interface TrainRun { name: string; workers: number; threadsPerWorker: number; syncBn: boolean }

function trainThroughput(run: TrainRun) {
  const out = join(tmp, run.name);
  // The mnist-demo model at the size it had when bench/results/dataparallel-2026-12-07.json was measured (28 px, batch
  // 128, the cifar augmentation, kNN at the end), so that later runs compare with it.
  const args = ['test/train/run_cli.mts', 'train', '--preset', 'mnist-demo', '--epochs', '1', '--device', 'cpu', '--out', out, '--train-limit', String(TRAIN_LIMIT),
    '--image-size', '28', '--batch-size', '128', '--aug-preset', 'cifar', '--base-lr', '0.5', '--knn-k', '50', '--knn-every', '0',
    ...(run.workers > 1 ? ['--nproc-per-node', String(run.workers)] : []), ...(run.syncBn ? ['--sync-bn'] : [])];
  const env = { ...process.env, SIMSIAM_NUM_THREADS: String(run.threadsPerWorker),
    SIMSIAM_WORKER_COMMAND: JSON.stringify([VITE_NODE, 'test/train/run_cli.mts']) };
  const t0 = Date.now(), loadBefore = os.loadavg()[0];
  // /usr/bin/time: the CPU seconds of the run and its workers (start-up and the final kNN included), which other
  // jobs on a shared machine inflate much less than the wall time.
  const r = spawnSync('/usr/bin/time', ['-f', 'cpu %U %S', VITE_NODE, ...args], { encoding: 'utf8', env });
  if (r.status !== 0) throw new Error(`${run.name}: ${r.stdout}\n${r.stderr}`);
  const cpu = /cpu ([\d.]+) ([\d.]+)\s*$/.exec(r.stderr);
  const steps = readFileSync(join(out, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l))
    .filter((x) => x.type === 'step') as Array<{ time: number; images: number; loss: number }>;
  // Step i's time is when it ended: steps 1.. over the time since step 0 ended.
  const images = steps.slice(1).reduce((n, s) => n + s.images, 0);
  const seconds = steps.at(-1)!.time - steps[0].time;
  return { ...run, steps: steps.length, imagesPerSecond: Number((images / seconds).toFixed(1)), stepSeconds: Number((seconds / (steps.length - 1)).toFixed(3)),
    wallSeconds: Number(((Date.now() - t0) / 1000).toFixed(1)), cpuSeconds: cpu ? Number((Number(cpu[1]) + Number(cpu[2])).toFixed(1)) : null,
    loadAverage: [Number(loadBefore.toFixed(2)), Number(os.loadavg()[0].toFixed(2))], lastLoss: Number(steps.at(-1)!.loss.toFixed(4)) };
}

const load = () => os.loadavg().map((l) => Number(l.toFixed(2)));
const loadBefore = load();
console.log('all-reduce of 11 M floats over loopback (2 processes)...');
const one = summarise(await allreduceBench(1));
const bucketed = summarise(await allreduceBench(Math.ceil((FLOATS * 4) / BUCKET_BYTES)));
console.log(one, bucketed);
const runs: TrainRun[] = [
  { name: '1x2', workers: 1, threadsPerWorker: 2, syncBn: false },
  { name: '2x1', workers: 2, threadsPerWorker: 1, syncBn: false },
  { name: '1x1', workers: 1, threadsPerWorker: 1, syncBn: false },
  { name: '2x1-syncbn', workers: 2, threadsPerWorker: 1, syncBn: true },
];
// The configurations in turn, `repeats` times (a shared machine's load drifts): each one's median and best.
const repeats = Number(process.argv[3] ?? 1);
const measured: Array<ReturnType<typeof trainThroughput>> = [];
for (let k = 0; k < repeats; k++)
  for (const r of runs) {
    console.log(`training ${r.name} (${r.workers} worker(s) x ${r.threadsPerWorker} thread(s)${r.syncBn ? ', --sync-bn' : ''})...`);
    measured.push(trainThroughput({ ...r, name: `${r.name}-${k}` }));
    console.log(measured.at(-1));
  }
const training = runs.map((r) => {
  const mine = measured.filter((m) => m.name.startsWith(`${r.name}-`) && m.syncBn === r.syncBn && m.workers === r.workers && m.threadsPerWorker === r.threadsPerWorker);
  return { ...r, imagesPerSecondMedian: median(mine.map((m) => m.imagesPerSecond)), imagesPerSecondMax: Math.max(...mine.map((m) => m.imagesPerSecond)),
    cpuSecondsMedian: median(mine.map((m) => m.cpuSeconds ?? NaN)), runs: mine.map(({ name, workers, threadsPerWorker, syncBn, ...m }) => m) };
});
const commit = spawnSync('git', ['rev-parse', '--short', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
const result = {
  what: 'data-parallel training on CPUs over Gloo (loopback)', date: new Date().toISOString(), commit,
  host: { cpus: os.cpus().length, model: os.cpus()[0]?.model, loadAverageBefore: loadBefore, loadAverageAfter: load(),
    note: 'a shared 2-core machine: other jobs ran meanwhile (see the load averages); the numbers are indicative' },
  gloo: native.collectivesInfo().gloo.info,
  allreduce: { oneOperation: one, trainerBuckets: bucketed },
  training: { preset: 'mnist-demo', epochs: 1, images: TRAIN_LIMIT, batch: 128, repeats,
    note: 'images/s over the steps after the first of each run; the runs of the four configurations alternate; best = the least disturbed run', configurations: training },
};
const file = process.argv[2] ?? join('bench', 'results', `dataparallel-${new Date().toISOString().slice(0, 10)}.json`);
writeFileSync(file, JSON.stringify(result, null, 2) + '\n');
console.log(`wrote ${file}`);
rmSync(tmp, { recursive: true, force: true });
