// Training configuration: presets, validation (errors name the field and the
// accepted values), and merging preset <- config file <- command-line flags.
import type { Arch } from '../model/resnet.js';
import { rules, type Rule } from '../validate.js';
import type { ModelConfig } from '../model/simsiam_model.js';

export type PresetName = 'mnist-demo' | 'cifar10' | 'imagenet';
export type DeviceName = 'auto' | 'cpu' | 'cuda';

export interface TrainConfig {
  preset: PresetName;
  data: string;              // mnist | cifar10:DIR | folder:DIR
  out: string;
  device: DeviceName;
  seed: number;
  epochs: number;
  batchSize: number;         // the global batch: split over the data-parallel workers
  syncBn: boolean;           // data-parallel: BatchNorm statistics over the global batch (SyncBatchNorm)
  // model
  arch: Arch;
  cifarStem: boolean;
  width: number;
  imageSize: number;
  projectorLayers: number;
  projectorDim: number;
  predictorDim: number;
  zeroInitResidual: boolean;
  // optimisation
  baseLr: number;            // lr = baseLr * batchSize / 256
  momentum: number;
  weightDecay: number;
  warmupEpochs: number;
  fixPredictorLr: boolean;
  // augmentation
  augPreset: 'imagenet' | 'cifar' | 'digits';
  blurProb: number;
  // monitoring and runs
  knnK: number;
  knnTemperature: number;
  knnEvery: number;          // epochs between kNN evaluations (0 = only at the end)
  checkpointEvery: number;   // epochs between checkpoints (the last epoch is always saved)
  maxImageSide: number;      // folder datasets: downscale large photos on load
  trainLimit: number;        // use at most this many training images (0 = all)
}

const COMMON = {
  data: 'mnist', out: 'runs/simsiam', device: 'auto' as DeviceName, seed: 0, momentum: 0.9, warmupEpochs: 0,
  zeroInitResidual: true, knnK: 200, knnTemperature: 0.1, knnEvery: 1, checkpointEvery: 1, maxImageSide: 512, trainLimit: 0,
  syncBn: false,
};

export const PRESETS: Record<PresetName, TrainConfig> = {
  // Sized for a 2-core CPU (about 2.5 minutes): a thin ResNet-18 on all 8,000 training digits at 16x16, seven
  // epochs of batch 64, the digits augmentation (crops of 40-100 %, brightness/contrast, +-15 degree rotations, no
  // flips). Views at 16 px cost half of 28 px per image, which buys the epochs that matter more: 7 epochs at 16 px
  // reach ~90 % kNN top-1 where 5 at 20 px stop near 83 % and 3 at 28 px on 3,000 digits near 42 %.
  'mnist-demo': {
    ...COMMON, preset: 'mnist-demo', epochs: 7, batchSize: 64, arch: 'resnet18', cifarStem: true, width: 0.125,
    imageSize: 16, projectorLayers: 2, projectorDim: 256, predictorDim: 64, baseLr: 1, weightDecay: 5e-4,
    fixPredictorLr: false, augPreset: 'digits', blurProb: 0, knnK: 20, knnEvery: 1, trainLimit: 0,
  },
  cifar10: {
    ...COMMON, preset: 'cifar10', data: 'cifar10:data/cifar-10-batches-bin', epochs: 800, batchSize: 512, arch: 'resnet18',
    cifarStem: true, width: 1, imageSize: 32, projectorLayers: 2, projectorDim: 2048, predictorDim: 512, baseLr: 0.03,
    weightDecay: 5e-4, fixPredictorLr: false, augPreset: 'cifar', blurProb: 0, knnEvery: 10, checkpointEvery: 10,
  },
  imagenet: {
    ...COMMON, preset: 'imagenet', data: 'folder:data/imagenet', epochs: 100, batchSize: 512, arch: 'resnet50',
    cifarStem: false, width: 1, imageSize: 224, projectorLayers: 3, projectorDim: 2048, predictorDim: 512, baseLr: 0.05,
    weightDecay: 1e-4, fixPredictorLr: true, augPreset: 'imagenet', blurProb: 0.5, knnEvery: 10, checkpointEvery: 5,
    syncBn: true,
  },
};

const { integer: int, number: num, boolean: bool, nonEmptyString: str } = rules;
const oneOf = (...values: string[]) => rules.oneOf(values);
const dataSpec: Rule = {
  test: (v) => typeof v === 'string' && (v === 'mnist' || /^cifar10:.+/.test(v) || /^folder:.+/.test(v)),
  expected: 'mnist, cifar10:<dir> or folder:<dir>',
};

/** Each field's accepted values (the shared rules of src/validate.ts). */
export const FIELDS: Record<keyof TrainConfig, Rule> = {
  preset: oneOf('mnist-demo', 'cifar10', 'imagenet'), data: dataSpec, out: str, device: oneOf('auto', 'cpu', 'cuda'),
  seed: int(0, 2 ** 31 - 1), epochs: int(1, 100000), batchSize: int(2, 65535), arch: oneOf('resnet18', 'resnet34', 'resnet50'),
  cifarStem: bool, width: num(0, 4, true), imageSize: int(8, 1024), projectorLayers: int(2, 3), projectorDim: int(1, 65536),
  predictorDim: int(1, 65536), zeroInitResidual: bool, baseLr: num(0, 100, true), momentum: num(0, 0.999),
  weightDecay: num(0, 1), warmupEpochs: int(0, 1000), fixPredictorLr: bool, augPreset: oneOf('imagenet', 'cifar', 'digits'),
  blurProb: num(0, 1), knnK: int(1, 10000), knnTemperature: num(0, 10, true), knnEvery: int(0, 100000),
  checkpointEvery: int(1, 100000), maxImageSide: int(16, 65536), trainLimit: int(0), syncBn: bool,
};

/** One line per field for `simsiam train --help` (the accepted values come from FIELDS). */
export const FIELD_HELP: Record<keyof TrainConfig, string> = {
  preset: 'the recipe the other defaults come from', data: 'training data', out: 'run directory (checkpoint, metrics, plots, report)',
  device: 'where to train (auto: CUDA when usable, else CPU)', seed: 'seed of initialisation, shuffling and augmentation',
  epochs: 'training epochs (the cosine lr schedule spans them)', batchSize: 'images per SGD step', arch: 'backbone',
  cifarStem: '3x3 stem without max-pool, for small images', width: 'backbone channel multiplier',
  imageSize: 'side of the augmented views in pixels', projectorLayers: 'fc layers of the projector', projectorDim: 'projector output dimension',
  predictorDim: 'predictor hidden dimension', zeroInitResidual: 'zero-init the last BatchNorm gamma of each residual block',
  baseLr: 'base learning rate (lr = base lr x batch size / 256)', momentum: 'SGD momentum', weightDecay: 'SGD weight decay',
  warmupEpochs: 'epochs of linear lr warm-up', fixPredictorLr: 'keep the predictor at the initial lr', augPreset: 'augmentation recipe',
  blurProb: 'probability of Gaussian blur per view', knnK: 'neighbours of the kNN monitor', knnTemperature: 'temperature of the kNN monitor',
  knnEvery: 'epochs between kNN evaluations (0 = only at the end)', checkpointEvery: 'epochs between checkpoints (the last is always saved)',
  maxImageSide: 'folder data: downscale larger images on load', trainLimit: 'use at most this many training images (0 = all)',
  syncBn: 'with several workers: BatchNorm statistics over the global batch (SyncBatchNorm)',
};

/** Flag aliases of the PyTorch SimSiam tools (main_simsiam.py: --lr, --wd, -b). */
export const FIELD_ALIASES: Record<string, keyof TrainConfig> = { lr: 'baseLr', wd: 'weightDecay' };
export const FIELD_SHORT: Partial<Record<keyof TrainConfig, string>> = { batchSize: 'b' };

/** The model a config describes. */
export function modelConfigOf(c: TrainConfig): ModelConfig {
  return {
    arch: c.arch, cifarStem: c.cifarStem, width: c.width, inputSize: c.imageSize, projectorLayers: c.projectorLayers,
    projectorDim: c.projectorDim, predictorDim: c.predictorDim, zeroInitResidual: c.zeroInitResidual,
  };
}

export class ConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ConfigError';
  }
}

/** A value as the user wrote it: JSON.stringify would show Infinity and NaN as null and -0 as 0. */
export function describeValue(v: unknown): string {
  if (typeof v === 'string') return `'${v}'`;
  if (typeof v === 'number') return Object.is(v, -0) ? '-0' : String(v);
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  return JSON.stringify(v) ?? String(v);
}

const isFieldName = (key: string): key is keyof TrainConfig => Object.hasOwn(FIELDS, key);

/** A quoted number or boolean (YAML `epochs: "10"`) that would be valid unquoted. */
function quotedHint(key: keyof TrainConfig, v: unknown): string {
  if (typeof v !== 'string' || v.trim() === '') return '';
  const unquoted = v === 'true' ? true : v === 'false' ? false : Number(v);
  return FIELDS[key].test(unquoted) ? ' (it is a string: write it without quotes)' : '';
}

/** Builds a full config: the preset named in the overrides (or mnist-demo), then the overrides, field by field. */
export function resolveConfig(overrides: Record<string, unknown>, source = 'config'): TrainConfig {
  if (overrides === null || typeof overrides !== 'object' || Array.isArray(overrides))
    throw new ConfigError(`Invalid config in ${source}: expected an object of fields but received ${describeValue(overrides)}`);
  // Own properties only: keys such as __proto__ or hasOwnProperty are not fields.
  const presetName = Object.hasOwn(overrides, 'preset') ? overrides.preset : 'mnist-demo';
  if (!FIELDS.preset.test(presetName)) throw new ConfigError(`Invalid value ${describeValue(presetName)} for preset in ${source}: expected ${FIELDS.preset.expected}`);
  const config: TrainConfig = { ...PRESETS[presetName as PresetName] };
  for (const [key, value] of Object.entries(overrides)) {
    if (!isFieldName(key))
      throw new ConfigError(`Unknown field ${key} in ${source} (known fields: ${Object.keys(FIELDS).join(', ')})`);
    if (!FIELDS[key].test(value)) throw new ConfigError(`Invalid value ${describeValue(value)} for ${key} in ${source}: expected ${FIELDS[key].expected}${quotedHint(key, value)}`);
    (config as unknown as Record<string, unknown>)[key] = value;
  }
  return config;
}
