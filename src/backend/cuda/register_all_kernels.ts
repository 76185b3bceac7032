// Every cuda kernel (one file per kernel in kernels/, named after it),
// registered once; then the host fallback for the cpu kernels that have no
// device version (host_fallback.ts).
import { getKernel, registerKernel, type KernelConfig } from '@tensorflow/tfjs-core';
import { registerHostFallbacks } from './host_fallback.js';
import { BACKEND_NAME } from './kernel_utils.js';
import { absConfig } from './kernels/Abs.js';
import { addConfig } from './kernels/Add.js';
import { addNConfig } from './kernels/AddN.js';
import { argMaxConfig } from './kernels/ArgMax.js';
import { argMinConfig } from './kernels/ArgMin.js';
import { avgPoolConfig } from './kernels/AvgPool.js';
import { avgPoolGradConfig } from './kernels/AvgPoolGrad.js';
import { batchMatMulConfig } from './kernels/BatchMatMul.js';
import { batchNormTrainingConfig } from './kernels/BatchNormTraining.js';
import { batchNormTrainingGradConfig } from './kernels/BatchNormTrainingGrad.js';
import { castConfig } from './kernels/Cast.js';
import { clipByValueConfig } from './kernels/ClipByValue.js';
import { concatConfig } from './kernels/Concat.js';
import { conv2DConfig } from './kernels/Conv2D.js';
import { conv2DBackpropFilterConfig } from './kernels/Conv2DBackpropFilter.js';
import { conv2DBackpropInputConfig } from './kernels/Conv2DBackpropInput.js';
import { eluConfig } from './kernels/Elu.js';
import { equalConfig } from './kernels/Equal.js';
import { expConfig } from './kernels/Exp.js';
import { expandDimsConfig } from './kernels/ExpandDims.js';
import { fillConfig } from './kernels/Fill.js';
import { floorConfig } from './kernels/Floor.js';
import { fusedBatchNormConfig } from './kernels/FusedBatchNorm.js';
import { fusedConv2DConfig } from './kernels/FusedConv2D.js';
import { _fusedMatMulConfig } from './kernels/_FusedMatMul.js';
import { gatherV2Config } from './kernels/GatherV2.js';
import { greaterConfig } from './kernels/Greater.js';
import { greaterEqualConfig } from './kernels/GreaterEqual.js';
import { identityConfig } from './kernels/Identity.js';
import { leakyReluConfig } from './kernels/LeakyRelu.js';
import { lessConfig } from './kernels/Less.js';
import { lessEqualConfig } from './kernels/LessEqual.js';
import { logConfig } from './kernels/Log.js';
import { logicalAndConfig } from './kernels/LogicalAnd.js';
import { logicalNotConfig } from './kernels/LogicalNot.js';
import { logicalOrConfig } from './kernels/LogicalOr.js';
import { maxConfig } from './kernels/Max.js';
import { maximumConfig } from './kernels/Maximum.js';
import { maxPoolConfig } from './kernels/MaxPool.js';
import { maxPoolGradConfig } from './kernels/MaxPoolGrad.js';
import { meanConfig } from './kernels/Mean.js';
import { minConfig } from './kernels/Min.js';
import { minimumConfig } from './kernels/Minimum.js';
import { movingAverageConfig } from './kernels/MovingAverage.js';
import { multiplyConfig } from './kernels/Multiply.js';
import { negConfig } from './kernels/Neg.js';
import { negativeCosineSimilarityConfig } from './kernels/NegativeCosineSimilarity.js';
import { notEqualConfig } from './kernels/NotEqual.js';
import { oneHotConfig } from './kernels/OneHot.js';
import { onesLikeConfig } from './kernels/OnesLike.js';
import { packConfig } from './kernels/Pack.js';
import { padV2Config } from './kernels/PadV2.js';
import { powConfig } from './kernels/Pow.js';
import { realDivConfig } from './kernels/RealDiv.js';
import { reciprocalConfig } from './kernels/Reciprocal.js';
import { reluConfig } from './kernels/Relu.js';
import { relu6Config } from './kernels/Relu6.js';
import { reshapeConfig } from './kernels/Reshape.js';
import { rsqrtConfig } from './kernels/Rsqrt.js';
import { selectConfig } from './kernels/Select.js';
import { sgdMomentumUpdateConfig } from './kernels/SgdMomentumUpdate.js';
import { sigmoidConfig } from './kernels/Sigmoid.js';
import { signConfig } from './kernels/Sign.js';
import { simSiamAugmentConfig } from './kernels/SimSiamAugment.js';
import { simSiamLossConfig } from './kernels/SimSiamLoss.js';
import { simSiamLossGradConfig } from './kernels/SimSiamLossGrad.js';
import { sliceConfig } from './kernels/Slice.js';
import { splitVConfig } from './kernels/SplitV.js';
import { sqrtConfig } from './kernels/Sqrt.js';
import { squareConfig } from './kernels/Square.js';
import { squaredDifferenceConfig } from './kernels/SquaredDifference.js';
import { squeezeConfig } from './kernels/Squeeze.js';
import { stepConfig } from './kernels/Step.js';
import { stridedSliceConfig } from './kernels/StridedSlice.js';
import { subConfig } from './kernels/Sub.js';
import { sumConfig } from './kernels/Sum.js';
import { tanhConfig } from './kernels/Tanh.js';
import { tileConfig } from './kernels/Tile.js';
import { topKConfig } from './kernels/TopK.js';
import { transposeConfig } from './kernels/Transpose.js';
import { unpackConfig } from './kernels/Unpack.js';
import { zerosLikeConfig } from './kernels/ZerosLike.js';

const KERNEL_CONFIGS: KernelConfig[] = [
  absConfig,
  addConfig,
  addNConfig,
  argMaxConfig,
  argMinConfig,
  avgPoolConfig,
  avgPoolGradConfig,
  batchMatMulConfig,
  batchNormTrainingConfig,
  batchNormTrainingGradConfig,
  castConfig,
  clipByValueConfig,
  concatConfig,
  conv2DConfig,
  conv2DBackpropFilterConfig,
  conv2DBackpropInputConfig,
  eluConfig,
  equalConfig,
  expConfig,
  expandDimsConfig,
  fillConfig,
  floorConfig,
  fusedBatchNormConfig,
  fusedConv2DConfig,
  _fusedMatMulConfig,
  gatherV2Config,
  greaterConfig,
  greaterEqualConfig,
  identityConfig,
  leakyReluConfig,
  lessConfig,
  lessEqualConfig,
  logConfig,
  logicalAndConfig,
  logicalNotConfig,
  logicalOrConfig,
  maxConfig,
  maximumConfig,
  maxPoolConfig,
  maxPoolGradConfig,
  meanConfig,
  minConfig,
  minimumConfig,
  movingAverageConfig,
  multiplyConfig,
  negConfig,
  negativeCosineSimilarityConfig,
  notEqualConfig,
  oneHotConfig,
  onesLikeConfig,
  packConfig,
  padV2Config,
  powConfig,
  realDivConfig,
  reciprocalConfig,
  reluConfig,
  relu6Config,
  reshapeConfig,
  rsqrtConfig,
  selectConfig,
  sgdMomentumUpdateConfig,
  sigmoidConfig,
  signConfig,
  simSiamAugmentConfig,
  simSiamLossConfig,
  simSiamLossGradConfig,
  sliceConfig,
  splitVConfig,
  sqrtConfig,
  squareConfig,
  squaredDifferenceConfig,
  squeezeConfig,
  stepConfig,
  stridedSliceConfig,
  subConfig,
  sumConfig,
  tanhConfig,
  tileConfig,
  topKConfig,
  transposeConfig,
  unpackConfig,
  zerosLikeConfig,
];

let registered = false;

export function registerCudaKernels(): void {
  if (registered) return;
  registered = true;
  for (const k of KERNEL_CONFIGS) if (!getKernel(k.kernelName, BACKEND_NAME)) registerKernel(k);
  registerHostFallbacks();
}
