// The gradient of Mean without tfjs's `ones(x.shape)`: tfjs-core builds a
// host-side array of ones the size of x (uploaded to the device on `cuda`, 16
// MB per view for ResNet-18's global pooling at batch 512) to broadcast dy.
// dy / n broadcast to x's shape gives the very same values (dy * 1 / n == dy / n).
import { util, type GradConfig, type Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';

export const meanGradient: GradConfig = {
  kernelName: 'Mean',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const axes = util.parseAxisParam((attrs as { axis: number | number[] }).axis, x.shape);
    const expanded = x.shape.slice();
    let reduceSize = 1;
    for (const axis of axes) {
      reduceSize *= x.shape[axis];
      expanded[axis] = 1;
    }
    return { x: () => tf.broadcastTo(tf.div(tf.reshape(dy as Tensor, expanded), reduceSize), x.shape) };
  },
};
