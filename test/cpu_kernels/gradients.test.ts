// Training-path check: the gradients of a small tfjs-layers conv net (fused
// conv + bias + relu, strided conv, 1x1 conv, dense) are the same with the
// native kernels as with tfjs-backend-cpu's, and a step leaks nothing.
import * as tfl from '@tensorflow/tfjs-layers';
import { gradientSuite } from './gradient_suite.js';

function model(): tfl.Sequential {
  const m = tfl.sequential();
  m.add(tfl.layers.conv2d({ inputShape: [12, 12, 3], filters: 8, kernelSize: 3, padding: 'same', activation: 'relu', kernelInitializer: 'glorotUniform', biasInitializer: 'randomNormal' }));
  m.add(tfl.layers.conv2d({ filters: 16, kernelSize: 3, strides: 2, padding: 'same', activation: 'relu', biasInitializer: 'randomNormal' }));
  m.add(tfl.layers.conv2d({ filters: 12, kernelSize: 1, padding: 'valid', useBias: false }));
  m.add(tfl.layers.flatten());
  m.add(tfl.layers.dense({ units: 5, activation: 'relu', biasInitializer: 'randomNormal' }));
  return m;
}

gradientSuite('gradients through a tfjs-layers conv net', {
  net: model, inputShape: [3, 12, 12, 3], outputs: 5, seed: 51, training: false,
  nativeFunctions: ['conv2d', 'conv2dBackpropFilter', 'conv2dBackpropInput', 'batchMatMul'],
});
