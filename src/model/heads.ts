// SimSiam's projection and prediction MLPs (official builder.py):
//   projector: [fc(no bias)-BN-ReLU] x (layers-1), fc(no bias)-BN(affine=False)
//   predictor: fc(no bias)-BN-ReLU, fc(with bias)   (no BN on the output)
// The official code freezes the last projector fc's bias because a BN follows;
// here that fc simply has none.
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';
import { batchNorm } from './resnet.js';

function dense(x: SymbolicTensor, units: number, useBias: boolean, name: string): SymbolicTensor {
  return tfl.layers.dense({ units, useBias, name }).apply(x) as SymbolicTensor;
}

export function buildProjector(inDim: number, dim: number, layers: number): tfl.LayersModel {
  const input = tfl.input({ shape: [inDim], name: 'features' });
  let x: SymbolicTensor = input;
  for (let i = 0; i < layers - 1; i++) {
    x = batchNorm(dense(x, dim, false, `proj_fc${i + 1}`), `proj_bn${i + 1}`);
    x = tfl.layers.activation({ activation: 'relu', name: `proj_relu${i + 1}` }).apply(x) as SymbolicTensor;
  }
  x = batchNorm(dense(x, dim, false, `proj_fc${layers}`), `proj_bn${layers}`, false);
  return tfl.model({ inputs: input, outputs: x, name: 'projector' });
}

export function buildPredictor(dim: number, hidden: number): tfl.LayersModel {
  const input = tfl.input({ shape: [dim], name: 'z' });
  let x = batchNorm(dense(input, hidden, false, 'pred_fc1'), 'pred_bn1');
  x = tfl.layers.activation({ activation: 'relu', name: 'pred_relu1' }).apply(x) as SymbolicTensor;
  x = dense(x, dim, true, 'pred_fc2');
  return tfl.model({ inputs: input, outputs: x, name: 'predictor' });
}
