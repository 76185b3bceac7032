// Public loss ops. Both run one registered kernel, so they work inside
// tf.grads, tf.variableGrads, optimizer.minimize and tfjs-layers models.
import type { Scalar, Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { NEGATIVE_COSINE_SIMILARITY } from '../kernels/NegativeCosineSimilarity.js';
import { SIMSIAM_LOSS } from '../kernels/SimSiamLoss.js';
import { describe } from '../validate.js';

function checkMatrix(t: unknown, name: string, op: string): Tensor {
  if (!(t instanceof tf.Tensor)) throw new TypeError(`Expected a tf.Tensor for ${name} of ${op} but received ${describe(t)}`);
  if (t.isDisposed) throw new TypeError(`Expected a live tf.Tensor for ${name} of ${op} but received a disposed tensor`);
  if (t.dtype !== 'float32') throw new TypeError(`Expected a float32 tensor for ${name} of ${op} but received dtype ${t.dtype}`);
  if (t.rank !== 2 || t.shape[0] < 1 || t.shape[1] < 1)
    throw new RangeError(`Expected a [B, D] tensor with B, D >= 1 for ${name} of ${op} but received shape [${t.shape}]`);
  return t;
}

function checkSameShape(ts: Tensor[], names: string[], op: string): void {
  for (let i = 1; i < ts.length; i++)
    if (!tf.util.arraysEqual(ts[i].shape, ts[0].shape))
      throw new RangeError(`Expected ${names[i]} of ${op} to have the shape of ${names[0]}, [${ts[0].shape}], but received [${ts[i].shape}]`);
}

function runLoss(kernel: string, inputs: Record<string, Tensor>): Scalar {
  const [loss, ...grads] = tf.engine().runKernel(kernel, inputs) as Tensor[];
  // The gradients were saved for backprop by the engine; these handles are unused.
  for (const g of grads) g.dispose();
  return loss as Scalar;
}

/** L = 1/2 D(p1, sg(z2)) + 1/2 D(p2, sg(z1)); inputs float32 [B, D]. */
export function simsiamLoss(p1: Tensor, p2: Tensor, z1: Tensor, z2: Tensor): Scalar {
  const op = 'simsiamLoss';
  const ts = [checkMatrix(p1, 'p1', op), checkMatrix(p2, 'p2', op), checkMatrix(z1, 'z1', op), checkMatrix(z2, 'z2', op)];
  checkSameShape(ts, ['p1', 'p2', 'z1', 'z2'], op);
  return runLoss(SIMSIAM_LOSS, { p1, p2, z1, z2 });
}

/** D(p, sg(z)) = -mean_i cos(p_i, z_i); inputs float32 [B, D]. */
export function negativeCosineSimilarity(p: Tensor, z: Tensor): Scalar {
  const op = 'negativeCosineSimilarity';
  const ts = [checkMatrix(p, 'p', op), checkMatrix(z, 'z', op)];
  checkSameShape(ts, ['p', 'z'], op);
  return runLoss(NEGATIVE_COSINE_SIMILARITY, { p, z });
}
