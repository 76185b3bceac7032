// Random rotation of augmented views, the last step of the `digits` preset
// (torchvision's RandomRotation after the crop/jitter pipeline): each view of
// each image turns by its own angle, drawn uniformly from [-max, max] degrees,
// about the view's centre, with bilinear sampling; what comes from outside the
// view is black (normalised: -mean / std per channel). tfjs ops only (one
// gather and a weighted sum), so it runs on the backend the views are on.
//
// The angle is a counter-based hash of (seed, image index, view), like the
// native sampler's draws: the same seed gives the same views, and with
// firstIndex / indexStride a data-parallel worker's image i gets the angle that
// image (firstIndex + i * indexStride) gets in the whole batch.
import type { Tensor4D } from '@tensorflow/tfjs-core';
import type { RawAugmentConfig } from '../native/index.js';
import { tf } from '../tf.js';

function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The rotation in degrees of view `view` (0 or 1) of image `index` under `seed`: uniform in [-maxDegrees, maxDegrees]. */
export function rotationDegrees(seed: number, index: number, view: number, maxDegrees: number): number {
  if (maxDegrees === 0) return 0;
  const lo = seed >>> 0, hi = Math.floor(seed / 2 ** 32) >>> 0;
  // A salt of its own keeps the angles independent of the native sampler's draws from the same seed.
  const h = fmix32(fmix32(fmix32(lo ^ 0x5bd1e995) ^ hi) ^ fmix32((index >>> 0) * 2 + view + 0x27d4eb2f));
  return (2 * (h / 2 ** 32) - 1) * maxDegrees;
}

/**
 * Views [n, S, S, C] turned by `degrees[i]` (image i; positive = counter-clockwise on screen) about their centre,
 * bilinear; samples from outside the view take `fill` (one value per channel).
 */
export function rotateViews(views: Tensor4D, degrees: ArrayLike<number>, fill: number[]): Tensor4D {
  const [n, H, W, C] = views.shape;
  if (degrees.length !== n) throw new RangeError(`Expected ${n} angles for ${n} views but received ${degrees.length}`);
  if (fill.length !== C) throw new RangeError(`Expected ${C} fill values but received ${fill.length}`);
  const N = n * H * W;
  const index = new Int32Array(4 * N), weight = new Float32Array(4 * N), fillWeight = new Float32Array(N);
  const cx = (W - 1) / 2, cy = (H - 1) / 2;
  for (let b = 0; b < n; b++) {
    const a = (degrees[b] * Math.PI) / 180, cos = Math.cos(a), sin = Math.sin(a);
    for (let y = 0; y < H; y++)
      for (let x = 0; x < W; x++) {
        // Output pixel (x, y) samples the input at the inverse rotation of its offset from the centre (y points down).
        const dx = x - cx, dy = y - cy;
        const sx = cx + cos * dx - sin * dy, sy = cy + sin * dx + cos * dy;
        const x0 = Math.floor(sx), y0 = Math.floor(sy), fx = sx - x0, fy = sy - y0;
        const p = (b * H + y) * W + x;
        let outside = 0;
        for (let k = 0; k < 4; k++) {
          const xi = x0 + (k & 1), yi = y0 + (k >> 1);
          const w = ((k & 1) ? fx : 1 - fx) * ((k >> 1) ? fy : 1 - fy);
          if (xi >= 0 && xi < W && yi >= 0 && yi < H) {
            index[k * N + p] = (b * H + yi) * W + xi;
            weight[k * N + p] = w;
          } else outside += w;
        }
        fillWeight[p] = outside;
      }
  }
  return tf.tidy(() => {
    const flat = tf.reshape(views, [N, C]);
    const taps = tf.reshape(tf.gather(flat, tf.tensor1d(index, 'int32')), [4, N, C]);
    const sampled = tf.sum(tf.mul(taps, tf.tensor3d(weight, [4, N, 1])), 0);
    const filled = tf.add(sampled, tf.mul(tf.tensor2d(fillWeight, [N, 1]), tf.tensor2d(fill, [1, C])));
    return tf.reshape(filled, [n, H, W, C]) as Tensor4D;
  });
}

/** Both views of a batch turned by their own angles; black (0 before normalisation) fills the corners. */
export function rotateViewPair(views: [Tensor4D, Tensor4D], config: RawAugmentConfig, seed: number, maxDegrees: number):
  { views: [Tensor4D, Tensor4D]; degrees: [number[], number[]] } {
  const n = views[0].shape[0];
  const first = config.firstIndex ?? 0, stride = config.indexStride ?? 1;
  const degrees = [0, 1].map((v) => Array.from({ length: n }, (_, i) => rotationDegrees(seed, first + i * stride, v, maxDegrees))) as [number[], number[]];
  const fill = config.mean.map((m, c) => -m / config.std[c]);
  return { views: [rotateViews(views[0], degrees[0], fill), rotateViews(views[1], degrees[1], fill)], degrees };
}
