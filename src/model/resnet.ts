// ResNet-18/34/50 backbones as tfjs-layers functional models (NHWC), with the
// CIFAR variant (3x3 stride-1 stem, no max-pool) and a width multiplier. Stride-2
// convolutions pad explicitly (ZeroPadding2D + 'valid') to match PyTorch's
// symmetric padding; TF's 'same' would pad only the bottom/right.
import * as tfl from '@tensorflow/tfjs-layers';
import type { SymbolicTensor } from '@tensorflow/tfjs-layers';

export type Arch = 'resnet18' | 'resnet34' | 'resnet50';

export interface BackboneConfig {
  arch: Arch;
  cifarStem: boolean;
  width: number;       // channel multiplier: 1 -> 64, 128, 256, 512 (x4 for resnet50)
  inputSize: number;  // RGB inputs, inputSize x inputSize
}

const BLOCKS: Record<Arch, { bottleneck: boolean; counts: number[] }> = {
  resnet18: { bottleneck: false, counts: [2, 2, 2, 2] },
  resnet34: { bottleneck: false, counts: [3, 4, 6, 3] },
  resnet50: { bottleneck: true, counts: [3, 4, 6, 3] },
};

export interface Backbone {
  model: tfl.LayersModel;
  featureDim: number;
  /** BatchNorm layers that end a residual branch (for zero-init-residual). */
  lastBnLayers: Set<string>;
}

function conv(x: SymbolicTensor, filters: number, kernel: number, stride: number, name: string): SymbolicTensor {
  if (stride > 1) {
    const pad = Math.floor(kernel / 2);
    if (pad > 0) x = tfl.layers.zeroPadding2d({ padding: pad, name: `${name}_pad` }).apply(x) as SymbolicTensor;
    return tfl.layers.conv2d({ filters, kernelSize: kernel, strides: stride, padding: 'valid', useBias: false, name }).apply(x) as SymbolicTensor;
  }
  return tfl.layers.conv2d({ filters, kernelSize: kernel, strides: 1, padding: 'same', useBias: false, name }).apply(x) as SymbolicTensor;
}

// PyTorch BatchNorm: eps 1e-5, momentum 0.1 (= Keras momentum 0.9). affine=False
// is gamma 1, beta 0 frozen: tfjs-layers' training path needs both weights.
export function batchNorm(x: SymbolicTensor, name: string, affine = true): SymbolicTensor {
  return tfl.layers.batchNormalization({ axis: -1, momentum: 0.9, epsilon: 1e-5, name, trainable: affine }).apply(x) as SymbolicTensor;
}

function relu(x: SymbolicTensor, name: string): SymbolicTensor {
  return tfl.layers.activation({ activation: 'relu', name }).apply(x) as SymbolicTensor;
}

export function buildBackbone(cfg: BackboneConfig): Backbone {
  const { bottleneck, counts } = BLOCKS[cfg.arch];
  const expansion = bottleneck ? 4 : 1;
  const base = (c: number) => Math.max(1, Math.round(c * cfg.width));
  const lastBnLayers = new Set<string>();
  const input = tfl.input({ shape: [cfg.inputSize, cfg.inputSize, 3], name: 'image' });
  let x: SymbolicTensor;
  if (cfg.cifarStem) {
    x = relu(batchNorm(conv(input, base(64), 3, 1, 'stem_conv'), 'stem_bn'), 'stem_relu');
  } else {
    x = relu(batchNorm(conv(input, base(64), 7, 2, 'stem_conv'), 'stem_bn'), 'stem_relu');
    // Zero padding is exact for max-pooling after a ReLU (inputs >= 0).
    x = tfl.layers.zeroPadding2d({ padding: 1, name: 'stem_pool_pad' }).apply(x) as SymbolicTensor;
    x = tfl.layers.maxPooling2d({ poolSize: 3, strides: 2, padding: 'valid', name: 'stem_pool' }).apply(x) as SymbolicTensor;
  }
  let inC = base(64);
  counts.forEach((count, stage) => {
    const planes = base(64 * 2 ** stage);
    for (let b = 0; b < count; b++) {
      const stride = b === 0 && stage > 0 ? 2 : 1;
      const n = `layer${stage + 1}_${b}`;
      let y: SymbolicTensor;
      if (bottleneck) {
        y = relu(batchNorm(conv(x, planes, 1, 1, `${n}_conv1`), `${n}_bn1`), `${n}_relu1`);
        y = relu(batchNorm(conv(y, planes, 3, stride, `${n}_conv2`), `${n}_bn2`), `${n}_relu2`);
        y = batchNorm(conv(y, planes * expansion, 1, 1, `${n}_conv3`), `${n}_bn3`);
        lastBnLayers.add(`${n}_bn3`);
      } else {
        y = relu(batchNorm(conv(x, planes, 3, stride, `${n}_conv1`), `${n}_bn1`), `${n}_relu1`);
        y = batchNorm(conv(y, planes, 3, 1, `${n}_conv2`), `${n}_bn2`);
        lastBnLayers.add(`${n}_bn2`);
      }
      let shortcut = x;
      if (stride !== 1 || inC !== planes * expansion) {
        // 1x1 stride-s conv needs no padding: take it unpadded.
        shortcut = tfl.layers.conv2d({ filters: planes * expansion, kernelSize: 1, strides: stride, padding: 'valid', useBias: false, name: `${n}_down_conv` }).apply(x) as SymbolicTensor;
        shortcut = batchNorm(shortcut, `${n}_down_bn`);
      }
      x = relu(tfl.layers.add({ name: `${n}_add` }).apply([y, shortcut]) as SymbolicTensor, `${n}_out`);
      inC = planes * expansion;
    }
  });
  const features = tfl.layers.globalAveragePooling2d({ name: 'avgpool' }).apply(x) as SymbolicTensor;
  return { model: tfl.model({ inputs: input, outputs: features, name: 'backbone' }), featureDim: inC, lastBnLayers };
}
