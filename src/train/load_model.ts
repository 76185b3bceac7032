// A trained model back from a checkpoint (for probe, knn and export).
import { buildSimSiam, type SimSiamModel } from '../model/simsiam_model.js';
import { restoreWeights } from '../model/weights.js';
import { tf } from '../tf.js';
import { checkpointPath, loadCheckpoint } from './checkpoint.js';
import { modelConfigOf, type TrainConfig } from './config.js';
import { readRunState } from './run_state.js';

/** A model restored from a training checkpoint, with the run's config and the epochs it had trained. */
export interface TrainedModel {
  model: SimSiamModel;
  config: TrainConfig;
  epoch: number;
  /** The checkpoint file read. */
  path: string;
}

/** The model of a checkpoint file or run directory (its checkpoint.ckpt), its weights restored. */
export function loadTrainedModel(pathOrDir: string): TrainedModel {
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
