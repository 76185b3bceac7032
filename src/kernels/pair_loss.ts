// Shared by SimSiamLoss and NegativeCosineSimilarity: the host kernel over
// (p, z) input pairs (loss and dL/dp for dy = 1 from one native pass), and
// their gradient's scaling of that saved dL/dp by dy (kernel SimSiamLossGrad).
import type { KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { native } from '../native/index.js';
import { hostFloat32, outputFloat32, outputTensor } from './host_io.js';
import { SIMSIAM_LOSS_GRAD } from './SimSiamLossGrad.js';

/** Outputs [loss, dL/dp of each pair]; each pair weighted `weight`. */
export function pairLossKernel(pairs: string[][], weight: number): KernelFunc {
  return ({ inputs: tensors, backend }) => {
    const shape = (tensors[pairs[0][0]] as TensorInfo).shape;
    const [B, D] = shape;
    const size = B * D;
    const ps = pairs.map(([p]) => hostFloat32(backend, tensors[p] as TensorInfo));
    const zs = pairs.map(([, z]) => hostFloat32(backend, tensors[z] as TensorInfo));
    const grads = pairs.map(() => outputFloat32(backend, size));
    const loss = native.pairLoss(ps, zs, grads, B, D, weight);
    return [
      outputTensor(backend, [], Float32Array.of(loss)),
      ...grads.map((g) => outputTensor(backend, [B, D], g)),
    ];
  };
}

export function scaleGrad(dy: Tensor, grad: Tensor): Tensor {
  return tf.engine().runKernel(SIMSIAM_LOSS_GRAD, { dy, grad }) as Tensor;
}
