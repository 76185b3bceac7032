// Fused augmentation (both views) vs a per-image sharp pipeline doing the
// same work with the same drawn parameters, and vs tfjs image ops where they
// exist (no hue op in tfjs: that case skips hue). The augmentation runs where
// the backend is: on the cpu backend the CPU kernels; when the cuda backend
// has a GPU, augmentPair on it (host images uploaded) and the kernels alone on
// a device-resident image tensor (bench/cuda_kernels.ts).
import sharp from 'sharp';
import { augmentPair, nativeInfo, registerCudaBackend, tf, type ViewParams } from '../src/index.js';
import { resolveAugmentOptions } from '../src/ops/augment_options.js';
import { augmentKernelMs } from './cuda_kernels.js';
import { runGroup, type BenchRow } from './harness.js';

const MEAN = [0.485, 0.456, 0.406], STD = [0.229, 0.224, 0.225];

function images(count: number, side: number): Uint8Array {
  const out = new Uint8Array(count * side * side * 3);
  let s = 1;
  for (let i = 0; i < out.length; i++) out[i] = ((i % 97) * 2 + ((s = (s * 1103515245 + 12345) >>> 0) >>> 28)) & 255;
  return out;
}

async function sharpView(img: Uint8Array, side: number, S: number, p: ViewParams): Promise<Float32Array> {
  let pipe = sharp(img, { raw: { width: side, height: side, channels: 3 } })
    .extract({ left: p.crop.x, top: p.crop.y, width: p.crop.width, height: p.crop.height })
    .resize(S, S, { fit: 'fill', kernel: 'linear' });
  if (p.flip) pipe = pipe.flop();
  if (p.jitter) {
    pipe = pipe.modulate({ brightness: p.jitter.brightness, saturation: p.jitter.saturation, hue: Math.round(p.jitter.hue * 360) })
      .linear(p.jitter.contrast, 128 * (1 - p.jitter.contrast));
  }
  if (p.grayscale) pipe = pipe.greyscale();
  if (p.blurSigma !== null) pipe = pipe.blur(Math.max(0.3, p.blurSigma));
  const { data, info } = await pipe.raw().toBuffer({ resolveWithObject: true });
  const out = new Float32Array(S * S * 3);
  for (let i = 0; i < S * S; i++)
    for (let c = 0; c < 3; c++) out[i * 3 + c] = (data[i * info.channels + (info.channels === 3 ? c : 0)] / 255 - MEAN[c]) / STD[c];
  return out;
}

// Same steps with tfjs ops on the current backend (hue has no tfjs op).
function tfjsViews(batch: tf.Tensor4D, side: number, S: number, params: ViewParams[]): tf.Tensor4D {
  return tf.tidy(() => {
    const n = params.length;
    const boxes = tf.tensor2d(params.flatMap((p) => [p.crop.y / side, p.crop.x / side, (p.crop.y + p.crop.height) / side, (p.crop.x + p.crop.width) / side]), [n, 4]);
    let x = tf.image.cropAndResize(batch, boxes, tf.range(0, n, 1, 'int32'), [S, S], 'bilinear');
    const col = (f: (p: ViewParams) => number) => tf.tensor4d(params.map(f), [n, 1, 1, 1]);
    const flip = col((p) => (p.flip ? 1 : 0));
    x = tf.add(tf.mul(flip, tf.image.flipLeftRight(x)), tf.mul(tf.sub(1, flip), x)) as tf.Tensor4D;
    x = tf.div(x, 255) as tf.Tensor4D;
    const gray = (t: tf.Tensor4D) => tf.sum(tf.mul(t, tf.tensor1d([0.299, 0.587, 0.114])), -1, true);
    x = tf.clipByValue(tf.mul(x, col((p) => p.jitter?.brightness ?? 1)), 0, 1) as tf.Tensor4D;
    const c = col((p) => p.jitter?.contrast ?? 1);
    x = tf.clipByValue(tf.add(tf.mul(c, x), tf.mul(tf.sub(1, c), tf.mean(gray(x), [1, 2, 3], true))), 0, 1) as tf.Tensor4D;
    const s = col((p) => p.jitter?.saturation ?? 1);
    x = tf.clipByValue(tf.add(tf.mul(s, x), tf.mul(tf.sub(1, s), gray(x))), 0, 1) as tf.Tensor4D;
    const g = col((p) => (p.grayscale ? 1 : 0));
    x = tf.add(tf.mul(g, tf.tile(gray(x), [1, 1, 1, 3])), tf.mul(tf.sub(1, g), x));
    const k = Math.max(3, Math.floor(S / 10) | 1), r = (k - 1) / 2;
    const w = Array.from({ length: k }, (_, i) => Math.exp(-0.5 * ((i - r) / 1.05) ** 2));
    const sum = w.reduce((a, b) => a + b);
    const kx = tf.tile(tf.tensor4d(w.map((v) => v / sum), [1, k, 1, 1]), [1, 1, 3, 1]) as tf.Tensor4D;
    const ky = tf.tile(tf.tensor4d(w.map((v) => v / sum), [k, 1, 1, 1]), [1, 1, 3, 1]) as tf.Tensor4D;
    const blurred = tf.depthwiseConv2d(tf.depthwiseConv2d(x, kx, 1, 'same'), ky, 1, 'same');
    const b = col((p) => (p.blurSigma !== null ? 1 : 0));
    x = tf.add(tf.mul(b, blurred), tf.mul(tf.sub(1, b), x));
    return tf.div(tf.sub(x, tf.tensor1d(MEAN)), tf.tensor1d(STD)) as tf.Tensor4D;
  });
}

export async function benchAugment(rows: BenchRow[]): Promise<void> {
  await tf.setBackend('cpu');
  const gpu = registerCudaBackend().mode === 'cuda' ? nativeInfo().devices[0] : undefined;
  for (const [side, S, count, preset] of [[32, 32, 256, 'cifar'], [256, 224, 16, 'imagenet']] as const) {
    const data = images(count, side);
    const batch = { data, count, height: side, width: side };
    const opts = { preset, seed: 7 } as const;
    const { params, view1, view2 } = await augmentPair(batch, { ...opts, returnParams: true });
    tf.dispose([view1, view2]);
    const all = [...params![0], ...params![1]];
    const stride = side * side * 3;
    const views = 2 * count;
    // tfjs image ops are slow on cpu: time them on a quarter of the batch.
    const few = Math.max(1, count / 4);
    const tensor = tf.tensor4d(Float32Array.from(data.subarray(0, few * stride)), [few, side, side, 3]);
    const doubled = tf.concat([tensor, tensor]) as tf.Tensor4D;
    const fewParams = [...params![0].slice(0, few), ...params![1].slice(0, few)];
    await runGroup(`SimSiamAugment ${side}^2 -> ${S}^2, both views of ${count} images`, [
      { name: `sharp pipeline per view (${views} views)`, backend: 'sharp', device: 'cpu', n: views, stock: true,
        fn: () => Promise.all(all.map((p, j) => sharpView(data.subarray((j % count) * stride, ((j % count) + 1) * stride), side, S, p))) },
      { name: `tfjs image ops, cpu backend (no hue; ${2 * few} views)`, backend: 'cpu', device: 'cpu', n: 2 * few,
        fn: () => tfjsViews(doubled, side, S, fewParams).dispose() },
      { name: `fused augmentPair, cpu (${views} views)`, backend: 'native', device: 'cpu', n: views, native: true,
        fn: async () => { const r = await augmentPair(batch, opts); tf.dispose([r.view1, r.view2]); } },
    ], rows);
    tf.dispose([tensor, doubled]);
    if (gpu) {
      const gpuCount = side === 32 ? 4096 : 512;
      const big = images(gpuCount, side);
      const gpuBatch = { data: big, count: gpuCount, height: side, width: side };
      const n = 2 * gpuCount;
      await tf.setBackend('cuda');
      await runGroup(`SimSiamAugment ${side}^2 -> ${S}^2 on the cuda backend (${gpu.name}), both views of ${gpuCount} images`, [
        { name: `augmentPair, cuda backend (host images uploaded; ${n} views)`, backend: 'cuda', device: gpu.name, n, native: true,
          fn: async () => { const r = await augmentPair(gpuBatch, opts); await r.view2.data(); tf.dispose([r.view1, r.view2]); } },
      ], rows);
      const { config } = resolveAugmentOptions({ preset });
      const ms = augmentKernelMs(big, gpuCount, side, config, 20);
      rows.push({ name: `fused SimSiamAugment kernels alone, cuda backend ${side}^2->${S}^2`, backend: 'cuda', device: gpu.name, n, meanMs: ms, opsPerSec: (n * 1000) / ms, ratioVsStock: null });
      console.log(`  kernels alone on a device-resident int32 tensor: ${n} views in ${ms.toFixed(3)} ms = ${((n * 1000) / ms / 1e6).toFixed(2)} M views/s`);
      await tf.setBackend('cpu');
    }
  }
}
