// simsiam-node public API.
import { registerAllKernels } from './kernels/register_all_kernels.js';
import { registerCudaBackend } from './backend/cuda/index.js';

registerAllKernels();
registerCudaBackend();

export { tf } from './tf.js';
export { simsiamLoss, negativeCosineSimilarity } from './ops/simsiam_loss.js';
export { augmentPair, type AugmentedPair } from './ops/augment_pair.js';
export { simsiamAugment } from './ops/simsiam_augment.js';
export type { AugmentOptions, AugmentPreset } from './ops/augment_options.js';
export type { ImageBatch } from './ops/image_batch.js';
export type { ViewParams, JitterStep } from './ops/view_params.js';
export { nativeInfo, type NativeInfo, type DeviceDescription } from './device_info.js';
export { registeredKernels } from './kernels/register_all_kernels.js';
export * from './data/index.js';
export { registerNativeCpuKernels, unregisterNativeCpuKernels } from './kernels/cpu/register_all_kernels.js';
export { registerCudaBackend, cudaBackend, cudaBackendInfo, type CudaRegistration, type CudaBackendInfo } from './backend/cuda/index.js';
export { hostFallbackCalls } from './backend/cuda/host_fallback.js';

// Training, the model, checkpoints and exported encoders: what `simsiam train`, `simsiam export` and the
// evaluation commands are made of.
export { train, TrainingDivergedError, type TrainOptions, type TrainResult, type EpochRecord } from './train/trainer.js';
export {
  resolveConfig, modelConfigOf, ConfigError, PRESETS, type TrainConfig, type PresetName, type DeviceName,
} from './train/config.js';
export { buildSimSiam, forwardView, type ModelConfig, type SimSiamModel } from './model/simsiam_model.js';
export type { Arch } from './model/resnet.js';
export { loadTrainedModel, type TrainedModel } from './train/load_model.js';
export { loadCheckpoint, checkpointPath, type LoadedCheckpoint } from './train/checkpoint.js';
export { exportLayersModel, loadExportedModel, fileModelHandler } from './export/export_model.js';
export { selectDevice, type DeviceChoice } from './device.js';
