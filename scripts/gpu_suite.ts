// The GPU verification and benchmarks without npm or vitest, for the offline
// bundle (scripts/bundle.sh: `./simsiam-gpu-suite`, or `./node gpu-suite.mjs`):
//   conformance  every case of test/conformance (cuda backend vs cpu, TF32 off)
//   fused        the fused SimSiamLoss / SimSiamAugment kernels: cuda backend vs cpu backend
//   step         one SimSiam training step on cuda vs cpu: same weights and views; loss,
//                every gradient, the updated weights and BatchNorm statistics
//   memory       many training steps on cuda: device bytes, buffers and tensors constant after warm-up
//   bench-loss, bench-augment, bench-resnet18, bench-resnet50   (`bench` selects all four)
// Usage: gpu-suite [--only a,b] [--skip a,b] [--dry-run] [--out DIR] [--json FILE] [--tf32-bench on|off]
//   [--steps N] [--seconds S] [--memory-steps N] [--batch-resnet18 N] [--batch-resnet50 N]   (--help)
// --dry-run (or SIMSIAM_GPU_SUITE_DRY_RUN=1) uses small sizes and, without a
// GPU, the host reference device (as SIMSIAM_CUDA_DEVICE=host does). Writes
// gpu-suite.json to --out, else $OUT, else the working directory (--json names
// the file instead), after every part; prints `N passed, N failed` last and
// exits 1 on any failure. scripts/run-gpu-suite.sh runs it part by part under
// a time budget, after the parity harness.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { augmentPair, cudaBackend, hostFallbackCalls, nativeInfo, registerCudaBackend, simsiamLoss, tf } from '../src/index.js';
import { native } from '../src/native/index.js';
import { NATIVE_KERNELS } from '../src/backend/cuda/kernel_utils.js';
import { resolveAugmentOptions } from '../src/ops/augment_options.js';
import { SIMSIAM_LOSS } from '../src/kernels/SimSiamLoss.js';
import { augmentKernelMs, lossKernelMs } from '../bench/cuda_kernels.js';
import { buildSimSiam, forwardView, namedWeights, type ModelConfig, type SimSiamModel } from '../src/model/simsiam_model.js';
import { createOptimizer, trainStep } from '../src/train/step.js';
import { allCases, runCase } from '../test/conformance/index.js';

const PARTS = ['conformance', 'fused', 'step', 'memory', 'bench-loss', 'bench-augment', 'bench-resnet18', 'bench-resnet50'] as const;
type Part = typeof PARTS[number];

// ---------------------------------------------------------------- arguments
function parseArgs(argv: string[]) {
  const o = { only: null as Set<Part> | null, skip: new Set<Part>(), dryRun: process.env.SIMSIAM_GPU_SUITE_DRY_RUN === '1', out: process.env.OUT ?? '.', json: '', tf32Bench: true,
    steps: 0, seconds: 0, memorySteps: 0, batchResnet18: 0, batchResnet50: 0 };
  const parts = (v: string | undefined): Set<Part> => {
    const s = new Set<Part>();
    for (const p of (v ?? '').split(',').filter(Boolean)) {
      if (p === 'bench') PARTS.filter((q) => q.startsWith('bench-')).forEach((q) => s.add(q));
      else if ((PARTS as readonly string[]).includes(p)) s.add(p as Part);
      else throw new Error(`unknown part '${p}'; parts: ${PARTS.join(', ')}, bench`);
    }
    return s;
  };
  const positive = (k: string, v: string | undefined) => {
    const n = Number(v);
    if (!(n > 0)) throw new Error(`${k} needs a positive number, received '${v}'`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], eq = a.indexOf('='), key = eq > 0 ? a.slice(0, eq) : a;
    const value = () => (eq > 0 ? a.slice(eq + 1) : argv[++i]);
    if (key === '--only') o.only = parts(value());
    else if (key === '--skip') o.skip = parts(value());
    else if (key === '--dry-run') o.dryRun = true;
    else if (key === '--out') o.out = value();
    else if (key === '--json') o.json = value();
    else if (key === '--tf32-bench') o.tf32Bench = value() !== 'off';
    else if (key === '--steps') o.steps = positive(key, value());
    else if (key === '--seconds') o.seconds = positive(key, value());
    else if (key === '--memory-steps') o.memorySteps = positive(key, value());
    else if (key === '--batch-resnet18') o.batchResnet18 = positive(key, value());
    else if (key === '--batch-resnet50') o.batchResnet50 = positive(key, value());
    else if (key === '--help' || key === '-h') {
      console.log(`usage: gpu-suite [--only PARTS] [--skip PARTS] [--dry-run] [--out DIR] [--json FILE] [--tf32-bench on|off]\n  [--steps N] [--seconds S] (measured steps / time cap of the training benchmarks) [--memory-steps N]\n  [--batch-resnet18 N] [--batch-resnet50 N]\nparts: ${PARTS.join(', ')}; bench = all bench-*`);
      process.exit(0);
    } else throw new Error(`unknown argument '${a}'`);
  }
  return o;
}
const args = parseArgs(process.argv.slice(2));
const selected = (p: Part) => (!args.only || args.only.has(p)) && !args.skip.has(p);
const dry = args.dryRun;

// ---------------------------------------------------------------- results
interface Result { part: Part; name: string; ok: boolean; message?: string; [k: string]: unknown }
const results: Result[] = [];
function record(r: Result): void {
  results.push(r);
  const extra = Object.entries(r).filter(([k]) => !['part', 'name', 'ok', 'message'].includes(k))
    .map(([k, v]) => `${k}=${typeof v === 'number' ? fmt(v) : JSON.stringify(v)}`).join(' ');
  console.log(`${r.ok ? 'ok  ' : 'FAIL'} [${r.part}] ${r.name}${extra ? ' ' + extra : ''}${r.message ? ' -- ' + r.message : ''}`);
}
const fmt = (v: number) => (Number.isInteger(v) ? String(v) : Math.abs(v) >= 0.01 && Math.abs(v) < 1e6 ? v.toFixed(3) : v.toExponential(2));

async function part(p: Part, fn: () => Promise<void>): Promise<void> {
  if (!selected(p)) return;
  const t0 = performance.now();
  console.log(`== ${p}`);
  try {
    await fn();
  } catch (e) {
    record({ part: p, name: 'part completed', ok: false, message: (e as Error).stack ?? String(e) });
  }
  console.log(`== ${p}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  writeReport(false);
}

// ---------------------------------------------------------------- helpers
function lcg(n: number, seed: number): Float32Array {
  let s = seed >>> 0;
  return Float32Array.from({ length: n }, () => ((s = (s * 1664525 + 1013904223) >>> 0) / 2 ** 32) * 2 - 1);
}
function images(n: number, seed: number): Uint8Array {
  let s = seed >>> 0;
  return Uint8Array.from({ length: n }, (_, i) => ((i % 251) + ((s = (s * 1664525 + 1013904223) >>> 0) >>> 27)) & 255);
}
const maxDiff = (a: ArrayLike<number>, b: ArrayLike<number>) => {
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
};
/** ||a - b|| / ||a|| (0 when both are 0; Infinity on NaN). */
function relL2(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let num = 0, den = 0;
  for (let i = 0; i < a.length; i++) { num += (a[i] - b[i]) ** 2; den += a[i] ** 2; }
  if (Number.isNaN(num)) return Infinity;
  return num === 0 ? 0 : Math.sqrt(num / Math.max(den, 1e-30));
}

type SetTf32 = ((on: boolean) => void) | undefined;
const setTf32 = (native.device as unknown as { setTf32?: (on: boolean) => void }).setTf32 as SetTf32;
function tf32(on: boolean): boolean | 'n/a' {
  if (!setTf32) return 'n/a';
  setTf32.call(native.device, on);
  return on;
}
function sync(): void {
  if (tf.getBackend() === 'cuda') native.device.synchronize();
}
function deviceMemory() {
  return cudaBackend()?.memory().device ?? null;
}
function disposeModel(m: SimSiamModel): void {
  m.backbone.dispose();
  m.projector.dispose();
  m.predictor.dispose();
}

/** Shared libraries of the process that matter here (driver, CUDA libraries, the addon). */
function libraryPaths(): string[] {
  try {
    const maps = readFileSync('/proc/self/maps', 'utf8').split('\n').map((l) => l.split(/\s+/).slice(5).join(' ')).filter((p) => p.startsWith('/'));
    return [...new Set(maps)].filter((p) => /cuda|cublas|cudnn|nvrtc|nvidia|nvJit|simsiam_native|libvips|sharp/i.test(p)).sort();
  } catch {
    return [];
  }
}
function nvidiaSmi(): string | null {
  try {
    return execFileSync('nvidia-smi', ['--query-gpu=name,driver_version,memory.total,compute_cap', '--format=csv,noheader'], { encoding: 'utf8', timeout: 20000 }).trim();
  } catch {
    return null;
  }
}

// ---------------------------------------------------------------- setup
const info = nativeInfo();
let reg = registerCudaBackend();
if (!reg.mode && dry) reg = registerCudaBackend('host');
if (!reg.mode) {
  console.error(`gpu-suite: the cuda backend is not registered: ${reg.reason}. On a machine without a GPU use --dry-run or SIMSIAM_CUDA_DEVICE=host.`);
  console.log('0 passed, 1 failed');
  process.exit(1);
}
const mode = reg.mode;
if (!(await tf.setBackend('cuda'))) throw new Error('cannot initialise the cuda backend');
const onGpu = mode === 'cuda';
const gpu = info.devices[0] ?? null;
console.log(`gpu-suite: ${onGpu ? `CUDA device ${gpu?.name}` : 'host reference device'}${dry ? ', dry run (small sizes)' : ''}; addon ${info.build.addonPath}`);
const started = new Date();
const smi = nvidiaSmi();

// ---------------------------------------------------------------- report
// Written after every part (complete: false until the end), so a run killed by
// a time limit still leaves what it measured.
function writeReport(complete: boolean): string {
  const failed = results.filter((r) => !r.ok).length;
  const report = {
    date: started.toISOString(), seconds: (Date.now() - started.getTime()) / 1000, complete, dryRun: dry, mode,
    gpu, driverVersion: info.cuda.driverVersion, nvidiaSmi: smi, build: info.build, node: process.version,
    libraries: libraryPaths(), tf32Available: !!setTf32, argv: process.argv.slice(2),
    hostFallbackCalls: Object.fromEntries([...hostFallbackCalls].sort((a, b) => b[1] - a[1])),
    passed: results.length - failed, failed, results,
  };
  const file = args.json || join(args.out, 'gpu-suite.json');
  if (!existsSync(dirname(file))) mkdirSync(dirname(file), { recursive: true });
  writeFileSync(`${file}.tmp`, JSON.stringify(report, null, 2));
  renameSync(`${file}.tmp`, file);  // a run killed mid-write keeps the previous report
  return file;
}


// (a) conformance ------------------------------------------------------------
await part('conformance', async () => {
  const tf32Mode = tf32(false);
  console.log(`TF32: ${tf32Mode}`);
  for (const c of allCases) {
    const t0 = performance.now();
    let r;
    try {
      r = await runCase(tf, c);
    } catch (e) {
      r = { ok: false, maxAbsDiff: NaN, message: `threw: ${(e as Error).message}` };
    }
    record({ part: 'conformance', name: `${c.kernels.join('+')}: ${c.name}`, ok: r.ok, maxAbsDiff: r.maxAbsDiff, ms: performance.now() - t0, ...(r.message ? { message: r.message } : {}) });
  }
  const covered = new Set(allCases.flatMap((c) => c.kernels));
  const missing = [...NATIVE_KERNELS].filter((k) => !covered.has(k));
  record({ part: 'conformance', name: 'every native cuda kernel has a case', ok: missing.length === 0, kernels: NATIVE_KERNELS.size, ...(missing.length ? { message: `no case: ${missing.join(', ')}` } : {}) });
});

// (b) the fused kernels on the cuda backend vs the cpu backend ------------------------
// The registered kernels on each backend's tensors: the path training takes
// (on the host reference device without a GPU, which checks the suite only).
await part('fused', async () => {
  const check = (name: string, diff: number, tol: number) =>
    record({ part: 'fused', name, ok: diff <= tol, maxAbsDiff: diff, tolerance: tol, device: mode });
  const lossOn = async (backend: 'cpu' | 'cuda', xs: Float32Array[], B: number, D: number) => {
    await tf.setBackend(backend);
    const [p1, p2, z1, z2] = xs.map((x) => tf.tensor2d(x, [B, D]));
    const outs = tf.engine().runKernel(SIMSIAM_LOSS, { p1, p2, z1, z2 }) as Tensor[];
    const values = await Promise.all(outs.map((t) => t.data() as Promise<Float32Array>));
    tf.dispose([...outs, p1, p2, z1, z2]);
    return { loss: values[0][0], g: values.slice(1) };
  };
  for (const [B, D] of [[1, 1], [3, 5], [17, 33], [512, 2048], [1000, 7]]) {
    const xs = [1, 2, 3, 4].map((s) => lcg(B * D, s + B));
    const cpu = await lossOn('cpu', xs, B, D), cuda = await lossOn('cuda', xs, B, D);
    check(`SimSiamLoss loss B=${B} D=${D}`, Math.abs(cpu.loss - cuda.loss), 1e-5);
    check(`SimSiamLoss grads B=${B} D=${D}`, Math.max(maxDiff(cpu.g[0], cuda.g[0]), maxDiff(cpu.g[1], cuda.g[1])), 1e-6);
  }
  for (const [name, count, H, W, opts] of [
    ['cifar 32->32', 64, 32, 32, { preset: 'cifar' }], ['imagenet 256->224', dry ? 2 : 8, 256, 256, { preset: 'imagenet' }],
    ['odd 45x61->37 blur', 16, 45, 61, { size: 37, blurProb: 1 }],
  ] as const) {
    const batch = { data: images(count * H * W * 3, count), count, height: H, width: W };
    const views = async (backend: 'cpu' | 'cuda') => {
      await tf.setBackend(backend);
      const r = await augmentPair(batch, { ...opts, seed: 99 });
      const out = [await r.view1.data(), await r.view2.data()];
      tf.dispose([r.view1, r.view2]);
      return out;
    };
    const cpu = await views('cpu'), cuda = await views('cuda');
    check(`SimSiamAugment ${name}`, Math.max(maxDiff(cpu[0], cuda[0]), maxDiff(cpu[1], cuda[1])), 1e-4);
  }
  await tf.setBackend('cuda');
});

// (c) one training step, cuda vs cpu --------------------------------------------------
interface StepOutcome { loss: number; grads: Float32Array[]; after: Float32Array[]; names: string[] }
async function oneStep(backend: 'cpu' | 'cuda', cfg: ModelConfig, weights: Float32Array[] | null, views: Float32Array[], B: number): Promise<StepOutcome> {
  await tf.setBackend(backend);
  const m = buildSimSiam(cfg, 11);
  const named = namedWeights(m);
  if (weights) named.forEach((w, i) => {
    const t = tf.tensor(weights[i], w.variable.shape as number[]);
    w.variable.write(t);
    t.dispose();
  });
  const before = await Promise.all(named.map(async (w) => (await w.variable.read().data()) as Float32Array));
  const sgd = createOptimizer(m, 0.9, 5e-4);
  const vars = sgd.params.map((p) => p.variable);
  const S = cfg.inputSize;
  const [v1, v2] = views.map((v) => tf.tensor4d(v, [B, S, S, 3]));
  const { value, grads } = tf.variableGrads(() => {
    const a = forwardView(m, v1, true), b = forwardView(m, v2, true);
    return simsiamLoss(a.p, b.p, a.z, b.z);
  }, vars);
  const loss = (await value.data())[0];
  const g = await Promise.all(vars.map(async (v) => (await grads[v.name].data()) as Float32Array));
  sgd.step(grads, { encoder: 0.05, predictor: 0.05 });
  const after = await Promise.all(named.map(async (w) => (await w.variable.read().data()) as Float32Array));
  tf.dispose([value, v1, v2, ...Object.values(grads)]);
  sgd.dispose();
  disposeModel(m);
  return { loss, grads: g, after: weights ? after : [before, after].flat(), names: sgd.params.map((p) => p.name).concat(named.map((w) => w.name)) };
}

await part('step', async () => {
  tf32(false);
  const cfg: ModelConfig = { arch: 'resnet18', cifarStem: true, width: dry ? 0.0625 : 0.25, inputSize: dry ? 16 : 32, projectorLayers: 2, projectorDim: dry ? 32 : 256, predictorDim: dry ? 8 : 64, zeroInitResidual: false };
  const B = 8, S = cfg.inputSize;
  const views = [lcg(B * S * S * 3, 5), lcg(B * S * S * 3, 6)];
  // The cpu model's initial weights (seeded) are copied into the cuda model.
  const cpuRun = await oneStep('cpu', cfg, null, views, B);
  const nNamed = (cpuRun.after.length) / 2;
  const initial = cpuRun.after.slice(0, nNamed), cpuAfter = cpuRun.after.slice(nNamed);
  const cudaRun = await oneStep('cuda', cfg, initial, views, B);
  await tf.setBackend('cuda');
  const tol = { loss: 1e-4, grad: 2e-3, weight: 1e-5 };
  record({ part: 'step', name: `loss (resnet18 width ${cfg.width}, batch ${B}, ${S}x${S})`, ok: Math.abs(cpuRun.loss - cudaRun.loss) <= tol.loss, cpu: cpuRun.loss, cuda: cudaRun.loss, tolerance: tol.loss });
  let worstGrad = { name: '', rel: 0 }, badGrads: string[] = [];
  cpuRun.grads.forEach((g, i) => {
    const r = relL2(g, cudaRun.grads[i]);
    if (r > worstGrad.rel || Number.isNaN(r)) worstGrad = { name: cpuRun.names[i], rel: r };
    if (!(r <= tol.grad)) badGrads.push(`${cpuRun.names[i]} (${fmt(r)})`);
  });
  record({ part: 'step', name: `every gradient: ||cuda - cpu|| / ||cpu|| (${cpuRun.grads.length} variables)`, ok: badGrads.length === 0, worst: worstGrad.rel, worstVariable: worstGrad.name, tolerance: tol.grad, ...(badGrads.length ? { message: badGrads.slice(0, 10).join(', ') } : {}) });
  let worstW = { name: '', diff: 0 }, badW: string[] = [];
  const namedNames = cpuRun.names.slice(cpuRun.grads.length);
  cpuAfter.forEach((w, i) => {
    const d = maxDiff(w, cudaRun.after[i]);
    if (d > worstW.diff || Number.isNaN(d)) worstW = { name: namedNames[i], diff: d };
    if (!(d <= tol.weight * Math.max(1, maxDiff(w, new Float32Array(w.length))))) badW.push(`${namedNames[i]} (${fmt(d)})`);
  });
  record({ part: 'step', name: 'weights and BatchNorm statistics after the SGD update', ok: badW.length === 0, maxAbsDiff: worstW.diff, worstVariable: worstW.name, tolerance: tol.weight, ...(badW.length ? { message: badW.slice(0, 10).join(', ') } : {}) });
});

// (d) memory over many training steps ---------------------------------------------------
await part('memory', async () => {
  await tf.setBackend('cuda');
  const steps = args.memorySteps || (dry ? 30 : 1000), warmup = dry ? 5 : 20, B = dry ? 8 : 32, S = dry ? 16 : 32;
  const cfg: ModelConfig = { arch: 'resnet18', cifarStem: true, width: dry ? 0.0625 : 0.125, inputSize: S, projectorLayers: 2, projectorDim: dry ? 32 : 128, predictorDim: dry ? 8 : 32, zeroInitResidual: true };
  const m = buildSimSiam(cfg, 3);
  const sgd = createOptimizer(m, 0.9, 5e-4);
  const v1 = tf.tensor4d(lcg(B * S * S * 3, 1), [B, S, S, 3]) as Tensor4D, v2 = tf.tensor4d(lcg(B * S * S * 3, 2), [B, S, S, 3]) as Tensor4D;
  let ref: { bytes: number; buffers: number; tensors: number } | null = null;
  const drift: string[] = [];
  let maxPool = 0, lastLoss = NaN;
  const t0 = performance.now();
  for (let i = 0; i < steps; i++) {
    lastLoss = (await trainStep(m, sgd, v1, v2, { encoder: 0.02, predictor: 0.02 })).loss;
    const dm = deviceMemory();
    const now = { bytes: dm?.bytesInUse ?? tf.memory().numBytes, buffers: dm?.buffers ?? -1, tensors: tf.memory().numTensors };
    maxPool = Math.max(maxPool, dm?.poolBytes ?? 0);
    if (i === warmup - 1) ref = now;
    else if (ref && (now.bytes !== ref.bytes || now.buffers !== ref.buffers || now.tensors !== ref.tensors) && drift.length < 5)
      drift.push(`step ${i + 1}: ${JSON.stringify(now)} vs ${JSON.stringify(ref)}`);
  }
  const seconds = (performance.now() - t0) / 1000;
  record({ part: 'memory', name: `${steps} training steps (resnet18 width ${cfg.width}, batch ${B}, ${S}x${S}): bytes, buffers and tensors constant after step ${warmup}`, ok: drift.length === 0 && Number.isFinite(lastLoss), ...ref, maxPoolBytes: maxPool, lastLoss, seconds, ...(drift.length ? { message: drift.join('; ') } : {}) });
  tf.dispose([v1, v2]);
  sgd.dispose();
  disposeModel(m);
});

// (e) benchmarks: the fused kernels first (short), then training ------------------------
await part('bench-loss', async () => {
  await tf.setBackend('cuda');
  const B = dry ? 64 : 512, D = dry ? 256 : 2048, iters = dry ? 3 : 50;
  const stock = (p1: Tensor, p2: Tensor, z1: Tensor, z2: Tensor) => {
    const d = (p: Tensor, z: Tensor) => {
      const pn = tf.div(p, tf.maximum(tf.norm(p, 'euclidean', 1, true), 1e-12));
      const zn = tf.div(z, tf.maximum(tf.norm(z, 'euclidean', 1, true), 1e-12));
      return tf.neg(tf.mean(tf.sum(tf.mul(pn, zn), 1)));
    };
    return tf.add(tf.mul(0.5, d(p1, z2)), tf.mul(0.5, d(p2, z1)));
  };
  const xs = [1, 2, 3, 4].map((s) => tf.tensor2d(lcg(B * D, s), [B, D]));
  const time = async (loss: typeof simsiamLoss) => {
    const once = async () => {
      const g = tf.grads((a: Tensor, b: Tensor) => loss(a, b, xs[2], xs[3]))([xs[0], xs[1]]);
      await g[1].data();
      tf.dispose(g);
    };
    for (let i = 0; i < 3; i++) await once();
    const t0 = performance.now();
    for (let i = 0; i < iters; i++) await once();
    return (performance.now() - t0) / iters;
  };
  const fusedMs = await time(simsiamLoss), stockMs = await time(stock as typeof simsiamLoss);
  const [gf, gs] = [simsiamLoss, stock].map((l) => tf.grads((a: Tensor, b: Tensor) => (l as typeof simsiamLoss)(a, b, xs[2], xs[3]))([xs[0], xs[1]]));
  const diff = Math.max(maxDiff(await gf[0].data(), await gs[0].data()), maxDiff(await gf[1].data(), await gs[1].data()));
  tf.dispose([...gf, ...gs, ...xs]);
  record({ part: 'bench-loss', name: `SimSiamLoss fwd+bwd B=${B} D=${D} on the cuda backend: fused vs stock tfjs composition`, ok: diff <= 1e-5, fusedMs, stockMs, speedup: stockMs / fusedMs, gradMaxAbsDiff: diff, iters });
  const kernelMs = lossKernelMs(B, D, dry ? 5 : 2000);
  record({ part: 'bench-loss', name: `fused SimSiamLoss kernel alone B=${B} D=${D} (the cuda backend's launcher on device tensors)`, ok: Number.isFinite(kernelMs), microseconds: kernelMs * 1000 });
});

await part('bench-augment', async () => {
  const count = dry ? 8 : 256, side = 256, size = 224, iters = dry ? 1 : 10;
  const batch = { data: images(count * side * side * 3, 3), count, height: side, width: side };
  await tf.setBackend('cuda');
  await augmentPair(batch, { preset: 'imagenet', seed: 1 }).then((r) => tf.dispose([r.view1, r.view2]));
  const t0 = performance.now();
  for (let i = 0; i < iters; i++) {
    const r = await augmentPair(batch, { preset: 'imagenet', seed: i });
    await r.view2.data();
    tf.dispose([r.view1, r.view2]);
  }
  const ms = (performance.now() - t0) / iters;
  record({ part: 'bench-augment', name: `augmentPair ${side}^2->${size}^2 imagenet preset, ${count} images, on the cuda backend (${mode} device; host images uploaded, views read back)`, ok: true, msPerBatch: ms, viewsPerSecond: (2 * count * 1000) / ms });
  const { config } = resolveAugmentOptions({ preset: 'imagenet' });
  const kms = augmentKernelMs(batch.data, count, side, config, dry ? 1 : 20, dry ? 0 : 2);
  record({ part: 'bench-augment', name: `SimSiamAugment kernels alone ${side}^2->${size}^2, ${count} images (the cuda backend's launchers on a device-resident int32 tensor)`, ok: Number.isFinite(kms), msPerBatch: kms, viewsPerSecond: (2 * count * 1000) / kms });
});

async function benchTraining(p: Part, label: string, cfg: ModelConfig, B: number, warmup: number, maxSteps: number, maxSeconds: number): Promise<void> {
  await tf.setBackend('cuda');
  const tf32Mode = tf32(args.tf32Bench);
  const S = cfg.inputSize;
  const m = buildSimSiam(cfg, 1);
  const sgd = createOptimizer(m, 0.9, 1e-4);
  const v1 = tf.tensor4d(lcg(B * S * S * 3, 1), [B, S, S, 3]) as Tensor4D, v2 = tf.tensor4d(lcg(B * S * S * 3, 2), [B, S, S, 3]) as Tensor4D;
  const lr = { encoder: 0.05, predictor: 0.05 };
  const tw = performance.now();
  for (let i = 0; i < warmup; i++) await trainStep(m, sgd, v1, v2, lr);  // reads the loss: synchronised
  const warmupSeconds = (performance.now() - tw) / 1000;
  const fallbackBefore = new Map(hostFallbackCalls);
  maxSteps = args.steps || maxSteps;
  maxSeconds = args.seconds || maxSeconds;
  let steps = 0;
  const t0 = performance.now();
  let loss = NaN;
  while (steps < maxSteps && (steps < 2 || performance.now() - t0 < maxSeconds * 1000)) {
    loss = (await trainStep(m, sgd, v1, v2, lr)).loss;
    steps++;
  }
  sync();
  const seconds = (performance.now() - t0) / 1000;
  const fallback = [...hostFallbackCalls].map(([k, n]) => [k, (n - (fallbackBefore.get(k) ?? 0)) / steps] as const).filter(([, n]) => n > 0);
  const dm = deviceMemory();
  record({
    part: p, name: label, ok: Number.isFinite(loss), imagesPerSecond: (B * steps) / seconds, viewsPerSecond: (2 * B * steps) / seconds,
    msPerStep: (1000 * seconds) / steps, steps, batch: B, warmupSteps: warmup, warmupSeconds, tf32: tf32Mode, loss,
    poolBytes: dm?.poolBytes ?? null, hostFallbackPerStep: Object.fromEntries(fallback),
  });
  tf.dispose([v1, v2]);
  sgd.dispose();
  disposeModel(m);
}

const b18 = args.batchResnet18 || (dry ? 16 : 512), b50 = args.batchResnet50 || (dry ? 2 : 128);
await part('bench-resnet18', () => benchTraining('bench-resnet18', `SimSiam resnet18 (cifar stem${dry ? ', width 0.125' : ''}) batch ${b18}, 2 views 32x32: train`,
  { arch: 'resnet18', cifarStem: true, width: dry ? 0.125 : 1, inputSize: 32, projectorLayers: 2, projectorDim: dry ? 64 : 2048, predictorDim: dry ? 16 : 512, zeroInitResidual: true },
  b18, dry ? 1 : 3, dry ? 2 : 30, dry ? 5 : 60));

await part('bench-resnet50', () => benchTraining('bench-resnet50', `SimSiam resnet50${dry ? ' (width 0.125)' : ''} batch ${b50}, 2 views ${dry ? 64 : 224}x${dry ? 64 : 224}: train`,
  { arch: 'resnet50', cifarStem: false, width: dry ? 0.125 : 1, inputSize: dry ? 64 : 224, projectorLayers: 3, projectorDim: dry ? 64 : 2048, predictorDim: dry ? 16 : 512, zeroInitResidual: true },
  b50, dry ? 1 : 2, dry ? 2 : 15, dry ? 5 : 90));

// ---------------------------------------------------------------- summary
const file = writeReport(true);
const failed = results.filter((r) => !r.ok).length;
if (hostFallbackCalls.size) console.log(`host fallback calls: ${JSON.stringify(Object.fromEntries(hostFallbackCalls))}`);
console.log(`wrote ${file}`);
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
