// Training-path check for the element-wise kernels: the loss and gradients of
// a small tfjs-layers net with BatchNormalization in training mode, explicit
// zero padding before a stride-2 conv and global average pooling are the
// same with the native kernels as with tfjs-backend-cpu's, and training steps
// leak nothing.
import { afterEach, vi } from 'vitest';
import * as tfl from '@tensorflow/tfjs-layers';
import { gradientSuite } from './gradient_suite.js';

afterEach(() => vi.restoreAllMocks());

function model(): tfl.LayersModel {
  const input = tfl.input({ shape: [10, 10, 3] });
  let h = tfl.layers.conv2d({ filters: 8, kernelSize: 3, padding: 'same', useBias: false }).apply(input) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({ gammaInitializer: 'randomNormal', betaInitializer: 'randomNormal' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.zeroPadding2d({ padding: 1 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'valid', useBias: false }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.batchNormalization({ momentum: 0.9 }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.activation({ activation: 'relu' }).apply(h) as tfl.SymbolicTensor;
  h = tfl.layers.globalAveragePooling2d({}).apply(h) as tfl.SymbolicTensor;
  const out = tfl.layers.dense({ units: 5 }).apply(h) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

gradientSuite('gradients through a tfjs-layers net with BatchNormalization (training mode)', {
  net: model, inputShape: [6, 10, 10, 3], outputs: 5, seed: 61, training: true,
  nativeFunctions: ['binary', 'reduce', 'tile', 'slice', 'padV2', 'unary', 'fusedBatchNorm'],
});
