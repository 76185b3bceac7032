// tfjs kernels + gradients for the fused loss: `SimSiamLoss` (p1, p2, z1, z2)
// and `NegativeCosineSimilarity` (p, z). Each kernel returns the loss and
// dL/dp for dy = 1 from one native pass; the gradient only scales by dy
// (kernel `SimSiamLossGrad`) and gives z a zero gradient (stop-gradient).
import type { GradConfig, KernelConfig, KernelFunc, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { native } from '../native/index.js';
import { HOST_BACKENDS, hostFloat32, outputTensor } from './host_io.js';

export const SIMSIAM_LOSS = 'SimSiamLoss';
export const NEGATIVE_COSINE_SIMILARITY = 'NegativeCosineSimilarity';
export const SIMSIAM_LOSS_GRAD = 'SimSiamLossGrad';

function pairKernel(inputs: string[][], weight: number): KernelFunc {
  return ({ inputs: tensors, backend }) => {
    const shape = (tensors[inputs[0][0]] as TensorInfo).shape;
    const [B, D] = shape;
    const size = B * D;
    const ps = inputs.map(([p]) => hostFloat32(backend, tensors[p] as TensorInfo));
    const zs = inputs.map(([, z]) => hostFloat32(backend, tensors[z] as TensorInfo));
    const grads = inputs.map(() => new Float32Array(size));
    const loss = native.pairLoss(ps, zs, grads, B, D, weight);
    return [
      outputTensor(backend, [], Float32Array.of(loss)),
      ...grads.map((g) => outputTensor(backend, [B, D], g)),
    ];
  };
}

// (p1, z2) and (p2, z1), each weighted 1/2.
const simsiamKernel = pairKernel([['p1', 'z2'], ['p2', 'z1']], 0.5);
const ncsKernel = pairKernel([['p', 'z']], 1);

// Inputs dy (scalar) and grad (a saved gradient for dy = 1): dy * grad.
const gradKernel: KernelFunc = ({ inputs, backend }) => {
  const grad = inputs.grad as TensorInfo;
  const dy = hostFloat32(backend, inputs.dy as TensorInfo)[0];
  const out = new Float32Array(grad.shape.reduce((a, b) => a * b, 1));
  native.scaleGrad(hostFloat32(backend, grad), dy, out);
  return outputTensor(backend, grad.shape, out);
};

export const simsiamLossConfigs: KernelConfig[] = HOST_BACKENDS.flatMap((backendName) => [
  { kernelName: SIMSIAM_LOSS, backendName, kernelFunc: simsiamKernel },
  { kernelName: NEGATIVE_COSINE_SIMILARITY, backendName, kernelFunc: ncsKernel },
  { kernelName: SIMSIAM_LOSS_GRAD, backendName, kernelFunc: gradKernel },
]);

const scaleGrad = (dy: Tensor, grad: Tensor) => tf.engine().runKernel(SIMSIAM_LOSS_GRAD, { dy, grad }) as Tensor;

export const simsiamLossGradConfigs: GradConfig[] = [
  {
    kernelName: SIMSIAM_LOSS,
    outputsToSave: [false, true, true],
    gradFunc: (dy, saved) => {
      const d = (dy as Tensor[])[0];
      const [g1, g2] = saved;
      return {
        p1: () => scaleGrad(d, g1),
        p2: () => scaleGrad(d, g2),
        z1: () => tf.zerosLike(g2),
        z2: () => tf.zerosLike(g1),
      };
    },
  },
  {
    kernelName: NEGATIVE_COSINE_SIMILARITY,
    outputsToSave: [false, true],
    gradFunc: (dy, saved) => {
      const d = (dy as Tensor[])[0];
      const [g] = saved;
      return { p: () => scaleGrad(d, g), z: () => tf.zerosLike(g) };
    },
  },
];
