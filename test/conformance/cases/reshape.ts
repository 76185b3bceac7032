// Kernels that share the input buffer: exact.
import type { ConformanceCase } from '../types.js';

export const reshapeCases: ConformanceCase[] = [
  { kernels: ['Reshape'], name: '[2,3,4] -> [6,-1]', run: (tf, rand) => tf.reshape(rand([2, 3, 4]), [6, -1]) },
  { kernels: ['ExpandDims'], name: 'axis 1 and -1', run: (tf, rand) => { const x = rand([3, 4]); return [tf.expandDims(x, 1), tf.expandDims(x, -1)]; } },
  { kernels: ['Squeeze'], name: '[1,3,1,2]', run: (tf, rand) => tf.squeeze(rand([1, 3, 1, 2])) },
  { kernels: ['Identity'], name: 'clone of int32', run: (tf, rand) => tf.clone(rand([5], { dtype: 'int32', min: -9, max: 9 })) },
  { kernels: ['Reshape'], name: 'bool values survive', run: (tf, rand) => tf.reshape(rand([2, 4], { dtype: 'bool' }), [8]) },
];
