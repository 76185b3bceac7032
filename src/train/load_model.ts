// A trained model back from a checkpoint (for probe, knn and export).
import { loadCheckpoint } from './checkpoint.js';
import { describeValue, resolveConfig, type TrainConfig } from './config.js';
import { checkpointPath, modelConfigOf } from './trainer.js';
import { buildSimSiam, namedWeights, type SimSiamModel } from '../model/simsiam_model.js';
import { tf } from '../tf.js';

export function loadTrainedModel(pathOrDir: string): { model: SimSiamModel; config: TrainConfig; epoch: number; path: string } {
  const path = checkpointPath(pathOrDir);
  const { state, tensors } = loadCheckpoint(path);
  try {
    const config = resolveConfig(state.config as Record<string, unknown>, `checkpoint ${path}`);
    if (!Number.isSafeInteger(state.epoch) || (state.epoch as number) < 0)
      throw new Error(`Checkpoint ${path} is corrupt: epoch is ${describeValue(state.epoch)}, expected a non-negative integer`);
    const model = buildSimSiam(modelConfigOf(config), config.seed);
    // Checked before writing: tfjs would say only "Shape mismatch", naming neither file nor weight.
    for (const w of namedWeights(model)) {
      const t = tensors.get(`model/${w.name}`);
      if (!t || !tf.util.arraysEqual(t.shape, w.variable.shape as number[]))
        throw new Error(`Checkpoint ${path} does not match the model: ${w.name} is ${t ? `[${t.shape}]` : 'missing'}, expected [${w.variable.shape}]`);
      // A diverged run's weights would score (and export) as if trained.
      const bad = (t.dataSync() as Float32Array).reduce((n, v) => n + (Number.isFinite(v) ? 0 : 1), 0);
      if (bad > 0)
        throw new Error(`Checkpoint ${path} holds non-finite weights (${w.name}: ${bad} of ${t.size} values are NaN or infinite): the run that saved it diverged`);
      w.variable.write(t);
    }
    return { model, config, epoch: state.epoch as number, path };
  } finally {
    tf.dispose([...tensors.values()]);
  }
}
