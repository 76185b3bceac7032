// The SimSiam network: encoder f = backbone + projector, predictor h.
import type * as tfl from '@tensorflow/tfjs-layers';
import type { Tensor } from '@tensorflow/tfjs-core';
import { buildBackbone, type Arch } from './resnet.js';
import { buildPredictor, buildProjector } from './heads.js';
import { initialiseLikePyTorch } from './init.js';
import { useFusedBatchNorm } from './fused_batchnorm.js';

export interface ModelConfig {
  arch: Arch;
  cifarStem: boolean;
  width: number;
  inputSize: number;
  projectorLayers: number;
  projectorDim: number;
  predictorDim: number;
  zeroInitResidual: boolean;
}

export interface SimSiamModel {
  config: ModelConfig;
  backbone: tfl.LayersModel;
  projector: tfl.LayersModel;
  predictor: tfl.LayersModel;
  featureDim: number;
}

export function buildSimSiam(config: ModelConfig, seed: number): SimSiamModel {
  // The fused BatchNorm training path, from the first model on (not at import: importing the package leaves
  // an application's own tfjs-layers BatchNormalization layers as they are).
  useFusedBatchNorm();
  const backbone = buildBackbone(config);
  const projector = buildProjector(backbone.featureDim, config.projectorDim, config.projectorLayers);
  const predictor = buildPredictor(config.projectorDim, config.predictorDim);
  initialiseLikePyTorch([backbone.model, projector, predictor], {
    seed,
    zeroGammaLayers: config.zeroInitResidual ? backbone.lastBnLayers : undefined,
  });
  return { config, backbone: backbone.model, projector, predictor, featureDim: backbone.featureDim };
}

/** z and p of one view, with BatchNorm in training mode (batch statistics, moving averages updated). */
export function forwardView(m: SimSiamModel, x: Tensor, training: boolean): { z: Tensor; p: Tensor } {
  const features = m.backbone.apply(x, { training }) as Tensor;
  const z = m.projector.apply(features, { training }) as Tensor;
  const p = m.predictor.apply(z, { training }) as Tensor;
  return { z, p };
}

/** Every model's variables in a fixed order, with stable names (the layers' original names). */
export function namedWeights(m: SimSiamModel): Array<{ name: string; variable: tfl.LayerVariable; trainable: boolean; predictor: boolean }> {
  const out: Array<{ name: string; variable: tfl.LayerVariable; trainable: boolean; predictor: boolean }> = [];
  for (const model of [m.backbone, m.projector, m.predictor]) {
    // A frozen layer's variables keep their own trainable flag: ask the model.
    const trainable = new Set(model.trainableWeights);
    for (const w of model.weights)
      out.push({ name: `${model.name}/${w.originalName}`, variable: w, trainable: trainable.has(w), predictor: model === m.predictor });
  }
  return out;
}
