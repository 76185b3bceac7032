import { NEGATIVE_COSINE_SIMILARITY } from '../../../kernels/NegativeCosineSimilarity.js';
import { pairLossKernel } from '../shared/pair_loss.js';

export const negativeCosineSimilarityConfig = pairLossKernel(NEGATIVE_COSINE_SIMILARITY, [['p', 'z']], 1);
