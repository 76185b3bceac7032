// `npm run bench step` (issue 13): a SimSiam training step on tfjs's `cpu` backend with the native kernels against
// the same model in PyTorch on the same machine, on fixed random views: the rows of STEP_ROWS (the mnist-demo model
// at batch 128, the cifar10 model at batch 32, each with 1 and 2 threads). Each measurement is its own process
// (bench/step_worker.ts with SIMSIAM_NUM_THREADS=n; bench/pytorch_baseline.py --device cpu --threads n
// --flush-denormal), ours and PyTorch's alternating (ABBA order over SIMSIAM_STEP_ROUNDS rounds, default 3), so a
// change in the machine's load hits both. Prints images/s (one image = its two views) of both and the ratio; without
// a python that imports torch it prints ours alone and why. Also rows of the `cuda` backend on the host reference
// device (batches 2 and 8: the host cost of a step's ~1,600 kernel calls, for before/after comparisons of per-op cost).
// Env: SIMSIAM_PYTHON (the python with torch; else the first of python3, /usr/bin/python3 that imports it), SIMSIAM_BENCH_SECONDS (timed seconds per measurement, default 5;
// at least 3 steps), SIMSIAM_STEP_ROUNDS.
import { execFile, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import type { BenchRow } from './harness.js';
import { choosePython, configMismatches, expectedPytorchConfig, pairedRatio, STEP_ROWS, summarise, type StepRow } from './step_compare.js';

const here = dirname(fileURLToPath(import.meta.url));        // dist/bench
const root = join(here, '..', '..');
const worker = join(here, 'step_worker.js');
const pytorchScript = join(root, 'bench', 'pytorch_baseline.py');
const seconds = Number(process.env.SIMSIAM_BENCH_SECONDS ?? 5);
const rounds = Math.max(1, Number(process.env.SIMSIAM_STEP_ROUNDS ?? 3));

interface OursResult { imagesPerSecond: number; msPerStep: number; cpuMsPerStep: number; kernelsPerStep: number; threads: number; steps: number }

function run(cmd: string, args: string[], env: NodeJS.ProcessEnv): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(cmd, args, { env: { ...process.env, ...env }, maxBuffer: 16 << 20 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`${cmd} ${args.join(' ')}: ${err.message}\n${stderr}`));
      else resolve(stdout);
    });
  });
}

async function ours(row: StepRow, backend: 'cpu' | 'cuda-host', threads: number, batch = row.batch): Promise<OursResult> {
  const spec = { preset: row.preset, batch, size: row.size, backend, warmup: 2, minSteps: 3, seconds };
  const env: NodeJS.ProcessEnv = { SIMSIAM_NUM_THREADS: String(threads) };
  if (backend === 'cuda-host') env.SIMSIAM_CUDA_DEVICE = 'host';
  const out = await run(process.execPath, [worker, JSON.stringify(spec)], env);
  const r = JSON.parse(out.trim().split('\n').pop()!) as OursResult;
  if (r.threads !== threads) throw new Error(`the step worker ran ${r.threads} threads, not ${threads}`);
  return r;
}

async function pytorch(python: string, row: StepRow): Promise<{ imagesPerSecond: number; msPerStep: number; torchThreads: number }> {
  const out = await run(python, [pytorchScript, '--device', 'cpu', '--only', row.pytorchConfig, '--threads', String(row.threads),
    '--flush-denormal', '--warmup', '2', '--min-steps', '3', '--steps', '1000000', '--max-seconds', String(seconds)],
  { OMP_NUM_THREADS: String(row.threads) });
  const report = JSON.parse(out);
  const r = report.results[0];
  if (r.error) throw new Error(`PyTorch ${row.pytorchConfig}: ${r.error}`);
  const bad = configMismatches(expectedPytorchConfig(row.preset, row.batch, row.size), r.config);
  if (bad.length) throw new Error(`bench/pytorch_baseline.py's ${row.pytorchConfig} is not our ${row.preset} model at batch ${row.batch}: ${bad.join(', ')}`);
  if (r.steps < 3) throw new Error(`PyTorch ${row.pytorchConfig}: only ${r.steps} timed steps`);
  return { imagesPerSecond: r.images_per_second, msPerStep: r.ms_per_step, torchThreads: report.threads };
}

function probeTorch(python: string): { ok: boolean; detail: string } {
  const r = spawnSync(python, ['-c', 'import torch; print(torch.__version__)'], { encoding: 'utf8' });
  if (r.error) return { ok: false, detail: r.error.message };
  if (r.status !== 0) return { ok: false, detail: r.stderr.trim().split('\n').pop() ?? `exit ${r.status}` };
  return { ok: true, detail: r.stdout.trim() };
}

const loadavg = () => os.loadavg().map((x) => x.toFixed(2)).join(' ');
const fmt = (s: { median: number; min: number; max: number }) =>
  `${s.median.toFixed(1)} img/s (${s.min.toFixed(1)}-${s.max.toFixed(1)})`;

export async function benchStep(rows: BenchRow[]): Promise<void> {
  const cpuModel = os.cpus()[0]?.model ?? 'cpu';
  const py = choosePython(process.env.SIMSIAM_PYTHON ? [process.env.SIMSIAM_PYTHON] : ['python3', '/usr/bin/python3'], probeTorch);
  console.log(`\n## SimSiam training step on the cpu backend vs PyTorch, fixed random views (${rounds} rounds alternating, ` +
    `${seconds} s each; one image = its two views)`);
  const torch = py.python !== null ? py : null;
  if (torch) console.log(`  PyTorch ${torch.torch} (${torch.python}), torch.set_flush_denormal(True)`);
  else if (py.python === null) console.log(`  PyTorch not measured: no python imports torch (${py.why}); apt-get install python3-torch ` +
    `python3-torchvision libopenblas0-pthread, or SIMSIAM_PYTHON=/path/to/python`);
  for (const row of STEP_ROWS) {
    const name = `${row.label}, batch ${row.batch}, ${row.threads} thread${row.threads > 1 ? 's' : ''}`;
    const load0 = loadavg();
    const o: OursResult[] = [], t: number[] = [];
    for (let k = 0; k < rounds; k++) {
      const oursFirst = k % 2 === 0 || !torch;
      if (oursFirst) o.push(await ours(row, 'cpu', row.threads));
      if (torch) t.push((await pytorch(torch.python, row)).imagesPerSecond);
      if (!oursFirst) o.push(await ours(row, 'cpu', row.threads));
    }
    const ourRates = o.map((r) => r.imagesPerSecond);
    const so = summarise(ourRates);
    const load = `load average ${load0} -> ${loadavg()}`;
    const extra = { threads: row.threads, samplesImagesPerSecond: ourRates, cpuMsPerStep: summarise(o.map((r) => r.cpuMsPerStep)).median,
      kernelsPerStep: o[0].kernelsPerStep, loadavg: os.loadavg() };
    console.log(`  ${name}`);
    console.log(`    simsiam-node ${fmt(so)}, ${(1000 * row.batch / so.median).toFixed(0)} ms/step, ${o[0].kernelsPerStep} kernels/step`);
    const ourRow: BenchRow & typeof extra = { name: `SimSiam step, ${name}: simsiam-node`, backend: 'cpu', device: cpuModel, n: row.batch,
      meanMs: (1000 * row.batch) / so.median, opsPerSec: so.median, ratioVsStock: null, ...extra };
    if (t.length) {
      const st = summarise(t), r = pairedRatio(ourRates, t);
      console.log(`    PyTorch      ${fmt(st)}, ${(1000 * row.batch / st.median).toFixed(0)} ms/step`);
      console.log(`    -> ${r.ratio.toFixed(2)}x PyTorch's img/s (pairs ${r.pairMin.toFixed(2)}-${r.pairMax.toFixed(2)}); ${load}`);
      ourRow.ratioVsStock = r.ratio;
      rows.push(ourRow, { name: `SimSiam step, ${name}: PyTorch ${torch?.torch}`, backend: 'pytorch', device: cpuModel,
        n: row.batch, meanMs: (1000 * row.batch) / st.median, opsPerSec: st.median, ratioVsStock: 1,
        threads: row.threads, samplesImagesPerSecond: t } as BenchRow);
    } else {
      console.log(`    ${load}`);
      rows.push(ourRow);
    }
  }
  await benchCudaHostStep(rows);
}

/**
 * The cuda backend on the host reference device, mnist-demo model at batch 2 and 8 alternating, 1 thread: wall and
 * CPU µs per step, kernel calls per step. The reference kernels' arithmetic grows with the batch, the per-call host
 * cost does not: the line through the two batches, at batch 0, estimates the fixed host cost of a step.
 */
async function benchCudaHostStep(rows: BenchRow[]): Promise<void> {
  const row = STEP_ROWS[0], batches = [2, 8];
  console.log(`\n## SimSiam training step on the cuda backend, host reference device (no GPU: each kernel runs its C++ ` +
    `CPU reference), mnist-demo model, batch ${batches.join(' and ')}, 1 thread`);
  const load0 = loadavg();
  const rs: OursResult[][] = batches.map(() => []);
  for (let k = 0; k < rounds; k++)
    for (const j of k % 2 ? [1, 0] : [0, 1]) rs[j].push(await ours(row, 'cuda-host', 1, batches[j]));
  const wall = rs.map((r) => summarise(r.map((x) => 1000 * x.msPerStep)));
  const kernels = rs[0][0].kernelsPerStep;
  batches.forEach((batch, j) => {
    const cpuUs = summarise(rs[j].map((r) => 1000 * r.cpuMsPerStep)).median;
    console.log(`  batch ${batch}: ${wall[j].median.toFixed(0)} us/step wall (${wall[j].min.toFixed(0)}-${wall[j].max.toFixed(0)}), ` +
      `${cpuUs.toFixed(0)} us/step CPU, ${rs[j][0].kernelsPerStep} kernel calls/step`);
    rows.push({ name: `SimSiam step, mnist-demo model batch ${batch}, cuda backend on the host reference device: host us/step`,
      backend: 'cuda', device: 'host reference device', n: batch, meanMs: wall[j].median / 1000, opsPerSec: (batch * 1e6) / wall[j].median,
      ratioVsStock: null, usPerStep: wall[j].median, cpuUsPerStep: cpuUs, kernelsPerStep: rs[j][0].kernelsPerStep,
      samplesUsPerStep: rs[j].map((r) => 1000 * r.msPerStep), loadavg: os.loadavg() } as BenchRow);
  });
  const slope = (wall[1].median - wall[0].median) / (batches[1] - batches[0]);
  const fixed = wall[0].median - slope * batches[0];
  console.log(`  fixed host cost at batch 0 (the line through both): ${fixed.toFixed(0)} us/step, ` +
    `${(fixed / kernels).toFixed(1)} us per kernel call; ${slope.toFixed(0)} us per image; load average ${load0} -> ${loadavg()}`);
  rows.push({ name: 'SimSiam step, mnist-demo model, cuda backend on the host reference device: fixed host us/step (batch-0 intercept)',
    backend: 'cuda', device: 'host reference device', n: 0, meanMs: fixed / 1000, opsPerSec: 0, ratioVsStock: null,
    usPerStep: fixed, usPerKernelCall: fixed / kernels, usPerImage: slope, kernelsPerStep: kernels } as BenchRow);
}
