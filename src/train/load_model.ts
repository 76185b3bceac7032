// A trained model back from a checkpoint (for probe, knn and export).
import { buildSimSiam, type SimSiamModel } from '../model/simsiam_model.js';
import { restoreWeights } from '../model/weights.js';
import { tf } from '../tf.js';
import { checkpointPath, loadCheckpoint } from './checkpoint.js';
import { modelConfigOf, type TrainConfig } from './config.js';
import { readRunState } from './run_state.js';

export function loadTrainedModel(pathOrDir: string): { model: SimSiamModel; config: TrainConfig; epoch: number; path: string } {
  const path = checkpointPath(pathOrDir);
  const { state, tensors } = loadCheckpoint(path);
  try {
    const { config, epoch } = readRunState(state, path);
    const model = buildSimSiam(modelConfigOf(config), config.seed);
    restoreWeights(model, tensors, `Checkpoint ${path}`);
    return { model, config, epoch, path };
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
