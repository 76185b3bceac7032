// A trained model back from a checkpoint (for probe, knn and export).
import { loadCheckpoint } from './checkpoint.js';
import { resolveConfig, type TrainConfig } from './config.js';
import { checkpointPath, modelConfigOf } from './trainer.js';
import { buildSimSiam, namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { tf } from '../tf.js';

export function loadTrainedModel(pathOrDir: string): { model: SimSiamModel; config: TrainConfig; epoch: number; path: string } {
  const path = checkpointPath(pathOrDir);
  const { state, tensors } = loadCheckpoint(path);
  const config = resolveConfig(state.config as Record<string, unknown>, `checkpoint ${path}`);
  const model = buildSimSiam(modelConfigOf(config), config.seed);
  for (const w of namedWeights(model)) {
    const t = tensors.get(`model/${w.name}`);
    if (!t) throw new Error(`Checkpoint ${path} has no weight ${w.name}`);
    w.variable.write(t);
  }
  tf.dispose([...tensors.values()]);
  return { model, config, epoch: state.epoch as number, path };
}
