// The gradient of SimSiamLoss: dy times the saved dL/dp1, dL/dp2; z1 and z2
// get zeros (stop-gradient).
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';
import { scaleGrad } from '../pair_loss.js';
import { SIMSIAM_LOSS } from '../SimSiamLoss.js';

export const simSiamLossGradient: GradConfig = {
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
};
