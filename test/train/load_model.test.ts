import { describe, expect, it } from 'vitest';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../../src/index.js';
import { buildSimSiam, namedWeights } from '../../src/model/simsiam_model.js';
import { saveCheckpoint } from '../../src/train/checkpoint.js';
import { resolveConfig } from '../../src/train/config.js';
import { loadTrainedModel } from '../../src/train/load_model.js';
import { Sgd } from '../../src/optim/sgd.js';
import { modelConfigOf } from '../../src/train/config.js';

const dir = mkdtempSync(join(tmpdir(), 'simsiam-load-'));
const overrides = { width: 0.0625, imageSize: 8, projectorDim: 16, predictorDim: 4, seed: 3 };

/** A checkpoint of a tiny model, with `edit` applied to its list of named tensors. */
async function checkpointWith(name: string, state: Record<string, unknown>,
  edit: (ts: Array<{ name: string; tensor: tf.Tensor }>) => void = () => {}): Promise<string> {
  const config = resolveConfig(overrides);
  const model = buildSimSiam(modelConfigOf(config), config.seed);
  const ts = namedWeights(model).map((w) => ({ name: `model/${w.name}`, tensor: w.variable.read() as tf.Tensor }));
  edit(ts);
  const path = join(dir, name);
  await saveCheckpoint(path, state, ts);
  return path;
}

describe('loading a trained model', () => {
  it('loads a matching checkpoint', async () => {
    const path = await checkpointWith('good.ckpt', { config: overrides, epoch: 2 });
    const { epoch, config } = loadTrainedModel(path);
    expect([epoch, config.width]).toEqual([2, 0.0625]);
  });

  it('names the checkpoint and the weight whose shape differs', async () => {
    let first = '', shape: number[] = [];
    const path = await checkpointWith('shape.ckpt', { config: overrides, epoch: 1 }, (ts) => {
      [first, shape] = [ts[0].name.slice('model/'.length), ts[0].tensor.shape];
      ts[0] = { name: ts[0].name, tensor: tf.zeros([2, 5]) };
    });
    expect(() => loadTrainedModel(path)).toThrow(`Checkpoint ${path} does not match the model: ${first} is [2,5], expected [${shape}]`);
  });

  it('refuses the weights of a diverged run, naming the checkpoint and the weight', async () => {
    let name = '';
    const path = await checkpointWith('nan.ckpt', { config: overrides, epoch: 1 }, (ts) => {
      name = ts[1].name.slice('model/'.length);
      const v = ts[1].tensor.dataSync().slice();
      v[0] = NaN;
      v[1] = Infinity;
      ts[1] = { name: ts[1].name, tensor: tf.tensor(v, ts[1].tensor.shape) };
    });
    expect(() => loadTrainedModel(path)).toThrow(`Checkpoint ${path} holds non-finite weights (${name}: 2 of `);
  });

  it('names the checkpoint and a missing weight', async () => {
    let last = '';
    const path = await checkpointWith('missing.ckpt', { config: overrides, epoch: 1 }, (ts) => void (last = ts.pop()!.name.slice(6)));
    expect(() => loadTrainedModel(path)).toThrow(`Checkpoint ${path} does not match the model: ${last} is missing`);
  });

  it('rejects a checkpoint without a config or epoch, naming it', async () => {
    const noConfig = await checkpointWith('noconfig.ckpt', { epoch: 1 });
    expect(() => loadTrainedModel(noConfig)).toThrow(`Invalid config in checkpoint ${noConfig}: expected an object of fields but received undefined`);
    const noEpoch = await checkpointWith('noepoch.ckpt', { config: overrides, epoch: 'x' });
    expect(() => loadTrainedModel(noEpoch)).toThrow(`Checkpoint ${noEpoch} is corrupt: epoch is 'x', expected a non-negative integer`);
  });
});

describe('SGD momentum buffers from a checkpoint', () => {
  const params = () => [{ name: 'enc/w', variable: tf.variable(tf.zeros([2, 3])), group: 'encoder' as const },
    { name: 'pred/b', variable: tf.variable(tf.zeros([4])), group: 'predictor' as const }];

  it('loads buffers of the parameters\' shapes', () => {
    const sgd = new Sgd(params(), 0.9, 0);
    sgd.load(new Map([['enc/w', tf.ones([2, 3])]]), 'run/checkpoint.ckpt');
    expect(Array.from(sgd.buffers.get('enc/w')!.dataSync())).toEqual([1, 1, 1, 1, 1, 1]);
  });

  it('rejects a buffer of another shape or for an unknown parameter, changing nothing', () => {
    const sgd = new Sgd(params(), 0.9, 0);
    expect(() => sgd.load(new Map([['enc/w', tf.ones([2, 3])], ['pred/b', tf.ones([5])]]), 'run/checkpoint.ckpt'))
      .toThrow('Checkpoint run/checkpoint.ckpt does not match the model: momentum buffer of pred/b is [5], expected [4]');
    expect(sgd.buffers.size).toBe(0);
    expect(() => sgd.load(new Map([['enc/v', tf.ones([2, 3])]]), 'run/checkpoint.ckpt'))
      .toThrow('Checkpoint run/checkpoint.ckpt has a momentum buffer for enc/v, which is not a parameter of the model');
  });
});
