// simsiam probe | knn | export: commands that load a trained checkpoint.
import { openDataset } from '../data/open_dataset.js';
import { EvalSet } from '../eval/features.js';
import { linearProbe } from '../eval/probe.js';
import { exportLayersModel } from '../export/export_model.js';
import { buildSimSiam } from '../model/simsiam_model.js';
import { selectDevice } from '../device.js';
import { ConfigError, FIELDS, modelConfigOf } from '../train/config.js';
import { rules } from '../validate.js';
import { evaluateKnn } from '../eval/knn_monitor.js';
import { loadTrainedModel } from '../train/load_model.js';
import { flagLines, numberFlag, parseFlags, type CommandFlags, type FlagSpec } from './args.js';
import { resolveDataSpec, resolvePath } from './paths.js';

const checkpoint: FlagSpec = { type: 'string', value: 'DIR|FILE', help: 'the run directory or its checkpoint.ckpt (required)' };
const data: FlagSpec = { type: 'string', value: 'SPEC', help: "data to evaluate on (mnist, cifar10:DIR or folder:DIR); default the run's" };
const device: FlagSpec = { type: 'string', value: 'auto|cpu|cuda', help: "where to run; default the run's" };
const checkpointHint = (arg: string) => ` (did you mean --checkpoint ${arg}?)`;

const probeFlags: CommandFlags = {
  command: 'probe',
  flags: {
    checkpoint, data,
    'labels-fraction': { type: 'string', value: 'F', help: `fraction of the labels to train on (0.01 / 0.1: semi-supervised): ${rules.number(0, 1, true).expected}; default 1` },
    finetune: { type: 'boolean', help: 'train the encoder end to end instead of a frozen-backbone linear probe' },
    epochs: { type: 'string', value: 'N', help: `${rules.integer(1, 100000).expected}; default 100 (30 with --finetune)` },
    'batch-size': { type: 'string', value: 'N', short: 'b', help: `${rules.integer(2, 65535).expected}; default 256` },
    lr: { type: 'string', value: 'X', help: `the probe's base lr, scaled by batch/256: ${rules.positiveNumber.expected}; default 0.1 (0.01 with --finetune)` },
    device,
  },
  positionalHint: checkpointHint,
};

const knnFlags: CommandFlags = {
  command: 'knn',
  flags: {
    checkpoint, data,
    k: { type: 'string', value: 'N', help: `neighbours: ${FIELDS.knnK.expected}; default the run's knnK` },
    temperature: { type: 'string', value: 'T', help: `vote temperature: ${FIELDS.knnTemperature.expected}; default the run's knnTemperature` },
    device,
  },
  positionalHint: checkpointHint,
};

const exportFlags: CommandFlags = {
  command: 'export',
  flags: { checkpoint, out: { type: 'string', value: 'DIR', help: 'folder for model.json + weights.bin (required)' } },
  positionalHint: checkpointHint,
};

export const probeHelp = `usage: simsiam probe --checkpoint DIR|FILE [--data SPEC] [--labels-fraction F] [--finetune]
                     [--epochs N] [--batch-size N] [--lr X] [--device auto|cpu|cuda]

Linear evaluation of a trained encoder (frozen backbone, or --finetune end to end), top-1/top-5 on the
test/val split, beside a random-init encoder of the same architecture. --labels-fraction 0.01 / 0.1 is the
semi-supervised protocol (class-stratified subset).

flags:
${flagLines(probeFlags)}`;

export const knnHelp = `usage: simsiam knn --checkpoint DIR|FILE [--data SPEC] [--k N] [--temperature T] [--device auto|cpu|cuda]

kNN accuracy (cosine similarity, exp(sim/T) votes) of the trained backbone's features against the
un-augmented training set, beside a random-init encoder.

flags:
${flagLines(knnFlags)}`;

export const exportHelp = `usage: simsiam export --checkpoint DIR|FILE --out DIR

Writes the trained backbone as a tfjs LayersModel (model.json + weights.bin) that tf.loadLayersModel
loads unchanged in Node and in browsers.

flags:
${flagLines(exportFlags)}`;

function requireCheckpoint(values: Record<string, unknown>): string {
  if (typeof values.checkpoint !== 'string') throw new ConfigError('Missing --checkpoint DIR|FILE (a run directory or its checkpoint.ckpt)');
  return resolvePath(values.checkpoint);
}

async function setup(values: Record<string, unknown>) {
  const loaded = loadTrainedModel(requireCheckpoint(values));
  const device = (values.device as string | undefined) ?? loaded.config.device;
  if (!['auto', 'cpu', 'cuda'].includes(device)) throw new ConfigError(`Invalid value '${device}' for --device: expected one of auto, cpu, cuda`);
  await selectDevice(device as 'auto');
  const spec = typeof values.data === 'string' ? resolveDataSpec(values.data) : loaded.config.data;
  const dataset = await openDataset(spec, { seed: loaded.config.seed, maxImageSide: loaded.config.maxImageSide });
  return { ...loaded, dataset };
}

const pct = (x: number) => `${(100 * x).toFixed(2)}%`;

export async function probeCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, probeFlags);
  if (values.help) return console.log(probeHelp), 0;
  const finetune = values.finetune === true;
  const o = {
    labelsFraction: numberFlag(values, 'labels-fraction', rules.number(0, 1, true), 1),
    epochs: numberFlag(values, 'epochs', rules.integer(1, 100000), finetune ? 30 : 100),
    batchSize: numberFlag(values, 'batch-size', rules.integer(2, 65535), 256),
    lr: numberFlag(values, 'lr', rules.positiveNumber, finetune ? 0.01 : 0.1),
    finetune,
  };
  const { model, config, dataset, epoch } = await setup(values);
  const run = (m: typeof model) => linearProbe(m, dataset, config, { ...o, seed: config.seed, log: (l) => console.log(l) });
  const trained = await run(model);
  const random = await run(buildSimSiam(modelConfigOf(config), config.seed));
  console.log(`${finetune ? 'fine-tuning' : 'linear probe'} on ${dataset.spec} with ${trained.labelledImages} labelled images (${pct(o.labelsFraction)}), ${trained.testImages} test images:`);
  console.log(`  trained encoder (epoch ${epoch}): top-1 ${pct(trained.top1)}, top-5 ${pct(trained.top5)}`);
  console.log(`  random-init encoder:       top-1 ${pct(random.top1)}, top-5 ${pct(random.top5)}`);
  return 0;
}

export async function knnCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, knnFlags);
  if (values.help) return console.log(knnHelp), 0;
  const { model, config: c, dataset } = await setup(values);
  const config = {
    ...c,
    knnK: numberFlag(values, 'k', FIELDS.knnK, c.knnK),
    knnTemperature: numberFlag(values, 'temperature', FIELDS.knnTemperature, c.knnTemperature),
  };
  if (!dataset.test) throw new Error(`Dataset ${dataset.spec} has no test/val split to evaluate on`);
  const bank = new EvalSet(dataset.train, config.imageSize), test = new EvalSet(dataset.test, config.imageSize);
  const knn = { k: config.knnK, temperature: config.knnTemperature, numClasses: dataset.numClasses };
  const trained = await evaluateKnn(model, bank, test, knn);
  const random = await evaluateKnn(buildSimSiam(modelConfigOf(config), config.seed), bank, test, knn);
  if (!trained || !random) throw new Error(`No decodable images in the train or test split of ${dataset.spec}`);
  console.log(`kNN (k=${config.knnK}, T=${config.knnTemperature}) on ${dataset.spec}: trained top-1 ${pct(trained.top1)}, top-5 ${pct(trained.top5)}; random-init top-1 ${pct(random.top1)}, top-5 ${pct(random.top5)}`);
  return 0;
}

export async function exportCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, exportFlags);
  if (values.help) return console.log(exportHelp), 0;
  if (typeof values.out !== 'string') throw new ConfigError('Missing --out DIR for the exported model');
  const { model } = loadTrainedModel(requireCheckpoint(values));
  const { modelJson, bytes } = await exportLayersModel(model.backbone, resolvePath(values.out));
  console.log(`wrote ${modelJson} (+ weights.bin, ${(bytes / 1e6).toFixed(2)} MB): load it with tf.loadLayersModel`);
  return 0;
}
