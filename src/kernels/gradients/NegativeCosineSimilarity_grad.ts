// The gradient of NegativeCosineSimilarity: dy times the saved dL/dp; z gets
// zeros (stop-gradient).
import type { GradConfig, Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../../tf.js';
import { NEGATIVE_COSINE_SIMILARITY } from '../NegativeCosineSimilarity.js';
import { scaleGrad } from '../pair_loss.js';

export const negativeCosineSimilarityGradient: GradConfig = {
  kernelName: NEGATIVE_COSINE_SIMILARITY,
  outputsToSave: [false, true],
  gradFunc: (dy, saved) => {
    const d = (dy as Tensor[])[0];
    const [g] = saved;
    return { p: () => scaleGrad(d, g), z: () => tf.zerosLike(g) };
  },
};
