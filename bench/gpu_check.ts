// GPU verification without npm or vitest: every CUDA kernel against its CPU
// reference, then the CUDA timings. Bundled with its dependencies by
// `npm run bundle:gpu-check` (scripts/bundle-gpu-check.sh) for machines that
// have a GPU but no npm. Exits non-zero on any mismatch or without a device.
import { strict as assert } from 'node:assert';
import { writeFileSync } from 'node:fs';
import { nativeInfo } from '../src/device_info.js';
import { native } from '../src/native.js';
import { augmentPair } from '../src/ops/augment_pair.js';
import { registerAllKernels } from '../src/kernels/register_all_kernels.js';
import { resolveAugmentOptions } from '../src/ops/augment_options.js';

registerAllKernels();

function random(n: number, seed: number): Float32Array {
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

const results: Array<Record<string, unknown>> = [];
const check = (name: string, diff: number, tol: number) => {
  results.push({ check: name, maxAbsDiff: diff, tolerance: tol, ok: diff <= tol });
  console.log(`${diff <= tol ? 'ok  ' : 'FAIL'} ${name}: max |cuda - cpu| = ${diff.toExponential(2)} (tol ${tol})`);
};

const info = nativeInfo();
console.log(JSON.stringify(info));
// GPU_CHECK_DEVICE=cpu runs the "CUDA" side on the CPU: a dry run of the bundle on a machine without a GPU.
const target: 'cpu' | 'cuda' = process.env.GPU_CHECK_DEVICE === 'cpu' ? 'cpu' : 'cuda';
assert.ok(target === 'cpu' || info.devices.length > 0, `no CUDA device: ${info.cuda.reason}`);
const gpu = info.devices[0] ?? { name: 'none (dry run)' };

for (const [B, D] of [[1, 1], [3, 5], [17, 33], [512, 2048], [1000, 7]]) {
  const [p1, p2, z1, z2] = [1, 2, 3, 4].map((s) => random(B * D, s + B));
  const run = (device: 'cpu' | 'cuda') => {
    const g = [new Float32Array(B * D), new Float32Array(B * D)];
    return { loss: native.pairLoss([p1, p2], [z2, z1], g, B, D, 0.5, device), g };
  };
  const cpu = run('cpu'), cuda = run(target);
  check(`SimSiamLoss loss B=${B} D=${D}`, Math.abs(cpu.loss - cuda.loss), 1e-5);
  check(`SimSiamLoss grads B=${B} D=${D}`, Math.max(maxDiff(cpu.g[0], cuda.g[0]), maxDiff(cpu.g[1], cuda.g[1])), 1e-6);
}
for (const [name, count, H, W, opts] of [
  ['cifar 32->32', 64, 32, 32, { preset: 'cifar' }], ['imagenet 256->224', 8, 256, 256, { preset: 'imagenet' }],
  ['odd 45x61->37 blur', 16, 45, 61, { size: 37, blurProb: 1 }],
] as const) {
  const batch = { data: images(count * H * W * 3, count), count, height: H, width: W };
  const cpu = await augmentPair(batch, { ...opts, seed: 99, device: 'cpu' });
  const cuda = await augmentPair(batch, { ...opts, seed: 99, device: target });
  check(`SimSiamAugment ${name}`, Math.max(maxDiff(cpu.view1.dataSync(), cuda.view1.dataSync()), maxDiff(cpu.view2.dataSync(), cuda.view2.dataSync())), 1e-4);
}

const timings: Array<Record<string, unknown>> = [];
for (const B of target === 'cuda' ? [256, 512] : []) {
  const ms = native.benchLossOnDevice(2, B, 2048, 2000);
  timings.push({ name: `fused SimSiamLoss CUDA kernel B=${B} D=2048`, device: gpu.name, microseconds: ms * 1000 });
}
for (const [side, S, count, preset] of target === 'cuda' ? [[32, 32, 4096, 'cifar'], [256, 224, 512, 'imagenet']] as const : []) {
  const stride = side * side * 3, data = images(count * stride, 7);
  const list = Array.from({ length: count }, (_, i) => data.subarray(i * stride, (i + 1) * stride));
  const { config } = resolveAugmentOptions({ preset, device: 'cpu' });
  const ms = native.benchAugmentOnDevice(list, new Int32Array(count).fill(side), new Int32Array(count).fill(side), config, 7, 20);
  timings.push({ name: `fused SimSiamAugment CUDA kernels ${side}^2->${S}^2`, device: gpu.name, views: 2 * count, ms, viewsPerSecond: (2 * count * 1000) / ms });
}
for (const t of timings) console.log(JSON.stringify(t));
const out = process.env.OUT ? `${process.env.OUT}/gpu-check.json` : 'gpu-check.json';
writeFileSync(out, JSON.stringify({ date: new Date().toISOString(), gpu, build: info.build, results, timings }, null, 2));
const failed = results.filter((r) => !r.ok).length;
console.log(`${results.length - failed} passed, ${failed} failed`);
process.exitCode = failed ? 1 : 0;
