// One CPU path of the addon (run by test/cpu_dispatch.test.ts in a child
// process, as: SIMSIAM_CPU_PATH=<path> node check_path.mjs <addon> [augment.json]):
// every dispatched kernel (native/util/CpuDispatch.h) against a reference, and
// the denormal flushing of the native parallel regions. Prints one JSON line
// { path, gemm, checks, failures: [...], views }; exits 1 on a failure. views:
// the augmentation of the batch in augment.json ({ images (base64 RGB8), count,
// height, width, config, seed }), view1 then view2 as base64 float32, which
// the parent compares with its float64 reference.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const native = createRequire(import.meta.url)(process.argv[2]);
const failures = [];
let checks = 0;
const check = (ok, what) => {
  checks++;
  if (!ok) failures.push(what);
};

// Seeded data (mulberry32) in [lo, hi).
function random(n, seed, lo = -1, hi = 1) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}
const worst = (a, b) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const sameBits = (a, b) => a.length === b.length && a.every((v, i) => Object.is(v, b[i]));

const build = native.deviceInfo().build;
const wanted = process.env.SIMSIAM_CPU_PATH;
check(!wanted || build.cpuPath === wanted, `deviceInfo().build.cpuPath is ${build.cpuPath}, SIMSIAM_CPU_PATH=${wanted}`);
const gemm = native.gemmConfig();
const isa = { avx512: 'avx512f', avx2: 'avx2+fma', sse2: 'portable' }[build.cpuPath];
check(!isa || gemm.isa === isa, `gemmConfig().isa is ${gemm.isa} on the ${build.cpuPath} path`);

// The GEMM and its packers: shapes around the register tile and the cache blocks.
const { mr, nr, nrMin, kc } = gemm;
check(nrMin > 0 && nr % nrMin === 0, `gemmConfig().nrMin is ${nrMin}`);
for (const [M, N, K] of [[1, 1, 1], [mr, nr, kc], [mr + 1, nr - 1, kc + 1], [mr - 1, nr + 1, kc - 1],
  [2 * mr + 3, 3 * nr + 5, 2 * kc + 7], [150, 520, 40], [37, 29, 1000], [1000, 24, 9], [200, 200, 200],
  [2 * mr + 5, nrMin, 72], [3 * mr + 1, nrMin + 1, kc + 3], [mr + 7, nr / 2, 144], [5 * mr, nr / 2 + nrMin, 27],
  [2 * mr - 1, nr + nrMin, 8], [4 * mr + 2, 2 * nr + nr / 2 + nrMin - 3, 50], [777, nrMin, 3 * kc + 1]])
  for (const tA of [false, true])
    for (const tB of [false, true]) {
      const a = random(M * K, M * 7 + K), b = random(K * N, N * 13 + K);
      const got = new Float32Array(M * N).fill(NaN), want = new Float32Array(M * N);
      native.sgemm(tA, tB, M, N, K, a, b, got, false);
      native.sgemm(tA, tB, M, N, K, a, b, want, true);
      check(worst(got, want) <= 1e-6 * K, `sgemm M=${M} N=${N} K=${K} tA=${tA} tB=${tB}: off by ${worst(got, want)}`);
    }

// Convolutions (the im2col packers and col2im) against a direct loop in float64.
function conv(g, x, w) {
  const [B, H, W, C, OH, OW, OC, FH, FW, SH, SW, DH, DW, PT, PL] = g;
  const y = new Float64Array(B * OH * OW * OC);
  for (let b = 0; b < B; b++) for (let oh = 0; oh < OH; oh++) for (let ow = 0; ow < OW; ow++)
    for (let fr = 0; fr < FH; fr++) for (let fc = 0; fc < FW; fc++) {
      const ih = oh * SH - PT + fr * DH, iw = ow * SW - PL + fc * DW;
      if (ih < 0 || ih >= H || iw < 0 || iw >= W) continue;
      for (let c = 0; c < C; c++) {
        const xv = x[((b * H + ih) * W + iw) * C + c];
        for (let o = 0; o < OC; o++) y[((b * OH + oh) * OW + ow) * OC + o] += xv * w[((fr * FW + fc) * C + c) * OC + o];
      }
    }
  return y;
}
for (const g of [[2, 9, 9, 5, 9, 9, 7, 3, 3, 1, 1, 1, 1, 1, 1], [2, 10, 10, 16, 5, 5, 12, 3, 3, 2, 2, 1, 1, 0, 0],
  [1, 8, 8, 40, 8, 8, 24, 3, 3, 1, 1, 1, 1, 1, 1], [1, 9, 9, 3, 5, 5, 8, 3, 3, 1, 1, 2, 2, 0, 0],
  // Few channels (narrow GEMM panels, the direct kernels of ConvDirect.cc; the stride-1 input gradient as a
  // transposed convolution from 8 input channels):
  [3, 9, 7, 8, 9, 7, 8, 3, 3, 1, 1, 1, 1, 1, 1], [2, 11, 11, 8, 5, 5, 16, 3, 3, 2, 2, 1, 1, 0, 0],
  [2, 7, 6, 16, 7, 6, 16, 3, 3, 1, 1, 1, 1, 1, 1], [2, 6, 5, 12, 6, 5, 56, 1, 1, 1, 1, 1, 1, 0, 0],
  [2, 7, 7, 6, 7, 7, 12, 3, 3, 1, 1, 1, 1, 1, 1], [2, 6, 6, 3, 6, 6, 8, 3, 3, 1, 1, 1, 1, 1, 1],
  [1, 5, 6, 8, 9, 10, 8, 3, 3, 1, 1, 1, 1, 3, 3], [2, 7, 12, 16, 6, 5, 32, 2, 4, 1, 2, 1, 1, 0, 0],
  // Winograd F(2x2, 3x3) (ConvWinograd.cc: 3x3, stride 1, >= 32 channels each side; the stride-1 input gradient
  // too): odd output sizes (tiles cut by the edge), valid, pad 2, and several chunks of tiles per thread.
  [2, 9, 7, 32, 9, 7, 40, 3, 3, 1, 1, 1, 1, 1, 1], [1, 10, 9, 48, 8, 7, 32, 3, 3, 1, 1, 1, 1, 0, 0],
  [3, 6, 5, 33, 8, 7, 35, 3, 3, 1, 1, 1, 1, 2, 2], [4, 16, 16, 32, 16, 16, 32, 3, 3, 1, 1, 1, 1, 1, 1]]) {
  const geometry = Int32Array.from(g);
  const [B, H, W, C, OH, OW, OC, FH, FW] = g;
  const x = random(B * H * W * C, 3), w = random(FH * FW * C * OC, 5), dy = random(B * OH * OW * OC, 7);
  const y = new Float32Array(B * OH * OW * OC);
  native.conv2d(x, w, geometry, y, null, null, 0, 0);
  check(worst(y, conv(g, x, w)) <= 1e-5 * FH * FW * C, `conv2d ${g}: off by ${worst(y, conv(g, x, w))}`);
  // <dy, conv(x, w)> = <dx, x> = <dw, w>: the gradients against the forward loop, in float64.
  const dx = new Float32Array(x.length), dw = new Float32Array(w.length);
  native.conv2dBackpropInput(dy, w, geometry, dx);
  native.conv2dBackpropFilter(x, dy, geometry, dw);
  const dot = (a, b) => a.reduce((s, v, i) => s + v * b[i], 0);
  const forward = dot(dy, conv(g, x, w));
  check(Math.abs(dot(dx, x) - forward) <= 1e-4 * Math.abs(forward) + 1e-3, `conv2dBackpropInput ${g}`);
  check(Math.abs(dot(dw, w) - forward) <= 1e-4 * Math.abs(forward) + 1e-3, `conv2dBackpropFilter ${g}`);
}

// Element-wise kernels: bit for bit the float32 roundings of tfjs's JS arithmetic.
const f = Math.fround;
const BINARY = [['Add', (a, b) => f(a + b)], ['Sub', (a, b) => f(a - b)], ['Multiply', (a, b) => f(a * b)],
  ['RealDiv', (a, b) => f(a / b)], ['SquaredDifference', (a, b) => f((a - b) * (a - b))],
  ['Maximum', (a, b) => (a > b || (a === b && !Object.is(a, -0)) ? a : b)], ['Minimum', (a, b) => (a < b || (a === b && Object.is(a, -0)) ? a : b)]];
const n = 3 * 1000 + 7, a = random(n, 11, -4, 4), b = random(n, 12, -4, 4), ch = random(8, 13, -4, 4);
const rows = 5 * 8 * 25;  // [rows, 8] against [8]: the periodic per-channel loop
const x8 = random(rows * 8, 14, -4, 4);
BINARY.forEach(([name, fn], op) => {
  const y = new Float32Array(n);
  native.binary(op, a, b, y, Int32Array.of(1, n, n, n));
  check(sameBits(y, a.map((v, i) => fn(v, b[i]))), `binary ${name}`);
  const yc = new Float32Array(rows * 8);
  native.binary(op, x8, ch, yc, Int32Array.of(2, rows, 8, rows, 8, 1, 8));
  check(sameBits(yc, x8.map((v, i) => fn(v, ch[i % 8]))), `binary ${name} [${rows}, 8] with [8]`);
  const ys = new Float32Array(6 * 7 * 5);  // [6, 1, 5] with [7, 1]: the general broadcast
  const p = random(30, 15, -4, 4), q = random(7, 16, -4, 4);
  native.binary(op, p, q, ys, Int32Array.of(3, 6, 7, 5, 6, 1, 5, 1, 7, 1));
  check(sameBits(ys, ys.map((_, i) => fn(p[Math.floor(i / 35) * 5 + (i % 5)], q[Math.floor(i / 5) % 7]))), `binary ${name} broadcast`);
});
const pos = random(n, 17, 0.01, 9);
const UNARY = [['Relu', 0, a, (v) => (v > 0 ? v : 0)], ['Sqrt', 2, pos, (v) => f(Math.sqrt(v))], ['Rsqrt', 3, pos, (v) => f(1 / Math.sqrt(v))],
  ['Square', 4, a, (v) => f(v * v)], ['Neg', 5, a, (v) => -v], ['Abs', 6, a, Math.abs], ['Floor', 16, a, Math.floor],
  ['Reciprocal', 11, a, (v) => f(1 / v)], ['Sign', 15, a, Math.sign]];
for (const [name, op, input, fn] of UNARY) {
  const y = new Float32Array(n);
  native.unary(op, input, y, 0);
  check(sameBits(y, input.map(fn)), `unary ${name}`);
}
for (const [name, op, fn] of [['Exp', 7, Math.exp], ['Tanh', 10, Math.tanh], ['Sigmoid', 9, (v) => 1 / (1 + Math.exp(-v))]]) {
  const y = new Float32Array(n);
  native.unary(op, a, y, 0);
  check(y.every((v, i) => Math.abs(v - fn(a[i])) <= 2 ** -22 * Math.abs(fn(a[i]))), `unary ${name}`);  // libm vs V8: an ulp
}
// FusedBatchNorm: off + (x - mean) * scale / sqrt(variance + eps) in float64, as tfjs.
{
  const mean = random(8, 21), variance = random(8, 22, 0.5, 2), offset = random(8, 23), scale = random(8, 24);
  const y = new Float32Array(rows * 8);
  native.fusedBatchNorm(x8, mean, variance, offset, scale, 1e-3, y);
  const want = x8.map((v, i) => f(offset[i % 8] + (v - mean[i % 8]) * scale[i % 8] / Math.sqrt(variance[i % 8] + 1e-3)));
  check(sameBits(y, want), 'fusedBatchNorm');
}
// Reductions: sums against float64, max and min exact.
{
  const R = 300, C = 70, m = random(R * C, 31, -4, 4);
  const sums = (byRow) => Array.from({ length: byRow ? R : C }, (_, k) =>
    Array.from({ length: byRow ? C : R }, (_, j) => m[byRow ? k * C + j : j * C + k]));
  for (const [byRow, shape] of [[true, Int32Array.of(2, R, C, 0, 1)], [false, Int32Array.of(2, R, C, 1, 0)]]) {
    const groups = sums(byRow);
    for (const [name, op, fn, tol] of [['Sum', 0, (g) => g.reduce((s, v) => s + v, 0), 1e-5], ['Mean', 1, (g) => g.reduce((s, v) => s + v, 0) / g.length, 1e-6],
      ['Max', 2, (g) => Math.max(...g), 0], ['Min', 3, (g) => Math.min(...g), 0]]) {
      const y = new Float32Array(groups.length);
      native.reduce(op, m, y, shape);
      check(y.every((v, i) => Math.abs(v - fn(groups[i])) <= tol * (1 + Math.abs(fn(groups[i])))), `reduce ${name} over ${byRow ? 'columns' : 'rows'}`);
    }
  }
}

// Denormals: flushed to zero in the native parallel regions (FTZ: denormal
// results; DAZ: denormal inputs), the caller's mode restored afterwards.
{
  const tiny = new Float32Array(4096).fill(1e-20), denormal = new Float32Array(4096).fill(1e-40);
  const big = new Float32Array(4096).fill(1e10), y = new Float32Array(4096);
  native.binary(2, tiny, tiny, y, Int32Array.of(1, 4096, 4096, 4096));
  check(y.every((v) => v === 0), 'FTZ: Multiply 1e-20 * 1e-20 is 0');
  native.binary(2, denormal, big, y, Int32Array.of(1, 4096, 4096, 4096));
  check(y.every((v) => v === 0), 'DAZ: Multiply 1e-40 * 1e10 is 0');
  native.unary(4, tiny, y, 0);
  check(y.every((v) => v === 0), 'FTZ: Square 1e-20 is 0');
  // A GEMM large enough for the thread pool (SIMSIAM_NUM_THREADS=2).
  const S = 256, A = new Float32Array(S * S), c = new Float32Array(S * S);
  native.sgemm(false, false, S, S, S, A.fill(1e-20), new Float32Array(S * S).fill(1e-20), c, false);
  check(c.every((v) => v === 0), 'FTZ: sgemm of 1e-20s is 0');
  native.sgemm(false, false, S, S, S, A.fill(1e-40), new Float32Array(S * S).fill(1e10), c, false);
  check(c.every((v) => v === 0), 'DAZ: sgemm of 1e-40s and 1e10s is 0');
  const d = Number('1e-160');
  check(d * d !== 0, 'the calling thread keeps its mode (JS 1e-160 * 1e-160 is a denormal, not 0)');
}

// The augmentation: made here, judged by the parent.
let views = null;
if (process.argv[3]) {
  const job = JSON.parse(readFileSync(process.argv[3], 'utf8'));
  const pixels = Buffer.from(job.images, 'base64'), size = job.height * job.width * 3;
  const images = Array.from({ length: job.count }, (_, i) => new Uint8Array(pixels.subarray(i * size, (i + 1) * size)));
  const sides = (v) => new Int32Array(job.count).fill(v);
  const r = native.augment(images, sides(job.height), sides(job.width), job.config, job.seed, false, false);
  const bytes = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
  views = Buffer.concat([bytes(r.view1), bytes(r.view2)]).toString('base64');
}

// The bits of a convolution that the Winograd kernel takes (SIMSIAM_CONV_WINOGRAD=0: the im2col GEMM's): the parent
// compares the two, which differ in rounding only where Winograd ran.
const probe = (() => {
  const g = [2, 9, 7, 32, 9, 7, 40, 3, 3, 1, 1, 1, 1, 1, 1];
  const y = new Float32Array(2 * 9 * 7 * 40);
  native.conv2d(random(2 * 9 * 7 * 32, 11), random(9 * 32 * 40, 13), Int32Array.from(g), y, null, null, 0, 0);
  return Buffer.from(y.buffer).toString('base64');
})();
console.log(JSON.stringify({ path: build.cpuPath, gemm, checks, failures, views, probe }));
process.exitCode = failures.length ? 1 : 0;  // not process.exit(): stdout to a pipe is written asynchronously
