// Fused SimSiam loss fwd+bwd vs the stock tfjs composition with autograd
// (gradients w.r.t. p1 and p2), on
// every backend present (`cuda` on a GPU: both sides on the device, the
// dataSync of the result included); on `cuda` also the fused kernel alone (the
// backend's launcher on device tensors, bench/cuda_kernels.ts).
import { nativeInfo, simsiamLoss, tf } from '../src/index.js';
import { lossKernelMs } from './cuda_kernels.js';
import { runGroup, type BenchRow } from './harness.js';

function stockLoss(p1: tf.Tensor, p2: tf.Tensor, z1: tf.Tensor, z2: tf.Tensor): tf.Scalar {
  const d = (p: tf.Tensor, z: tf.Tensor) => {
    const zs = z;  // tfjs has no stop-gradient op; z is not differentiated here
    const pn = tf.div(p, tf.maximum(tf.norm(p, 'euclidean', 1, true), 1e-12));
    const zn = tf.div(zs, tf.maximum(tf.norm(zs, 'euclidean', 1, true), 1e-12));
    return tf.neg(tf.mean(tf.sum(tf.mul(pn, zn), 1)));
  };
  return tf.add(tf.mul(0.5, d(p1, z2)), tf.mul(0.5, d(p2, z1)));
}

function fwdBwd(loss: typeof simsiamLoss, xs: tf.Tensor[]): () => void {
  return () => {
    const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => loss(a, b, xs[2], xs[3]))([xs[0], xs[1]]);
    grads[0].dataSync();
    tf.dispose(grads);
  };
}

export async function benchLoss(rows: BenchRow[], backends: string[]): Promise<void> {
  const D = 2048;
  for (const backend of backends) {
    await tf.setBackend(backend);
    for (const B of [256, 512]) {
      const xs = [0, 1, 2, 3].map(() => tf.randomNormal([B, D]));
      const device = backend === 'cuda' ? nativeInfo().devices[0]?.name ?? 'cuda' : 'cpu';
      await runGroup(`SimSiamLoss fwd+bwd, ${backend} backend, B=${B}, D=${D}`, [
        { name: `stock tfjs composition + autograd B=${B}`, backend, device, n: B, stock: true, fn: fwdBwd(stockLoss, xs) },
        { name: `fused simsiamLoss B=${B}`, backend, device, n: B, native: true, fn: fwdBwd(simsiamLoss, xs) },
      ], rows);
      tf.dispose(xs);
    }
  }
  if (!backends.includes('cuda')) return;
  await tf.setBackend('cuda');
  const gpu = nativeInfo().devices[0]?.name ?? 'cuda';
  console.log(`\n## SimSiamLoss kernel on the cuda backend (${gpu}), fwd+bwd in one launch, device tensors`);
  for (const B of [256, 512]) {
    const ms = lossKernelMs(B, D, 1000);
    rows.push({ name: `fused SimSiamLoss kernel alone, cuda backend B=${B}`, backend: 'cuda', device: gpu, n: B, meanMs: ms, opsPerSec: (B * 1000) / ms, ratioVsStock: null });
    console.log(`  B=${B}, D=${D}: ${(ms * 1000).toFixed(2)} us per launch`);
  }
}
