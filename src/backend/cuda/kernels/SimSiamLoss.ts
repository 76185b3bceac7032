// SimSiamLoss on the device: (p1, z2) and (p2, z1), each weighted 1/2.
import { SIMSIAM_LOSS } from '../../../kernels/SimSiamLoss.js';
import { pairLossKernel } from '../shared/pair_loss.js';

export const simSiamLossConfig = pairLossKernel(SIMSIAM_LOSS, [['p1', 'z2'], ['p2', 'z1']], 0.5);
