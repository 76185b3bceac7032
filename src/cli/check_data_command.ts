// simsiam check-data: dataset summary + a PNG grid of image / view 1 / view 2.
import { dirname, join } from 'node:path';
import { makeDirectory } from '../io/make_directory.js';
import { openDataset } from '../data/open_dataset.js';
import { formatDatasetSummary, summarizeDataset } from '../data/summary.js';
import { gridSize, writeAugmentationGrid } from '../data/grid.js';
import { permutation } from '../data/prng.js';
import { augmentPair } from '../ops/augment_pair.js';
import { resolveAugmentOptions } from '../ops/augment_options.js';
import { tf } from '../tf.js';
import { ConfigError } from '../train/config.js';
import { configFromFlags, flagLines, parseFlags, type CommandFlags } from './args.js';
import { resolvePath } from './paths.js';

const flags: CommandFlags = {
  command: 'check-data',
  configFields: true,
  flags: {
    rows: { type: 'string', value: 'N', help: 'rows of the grid: an integer from 1 to 256; default 8' },
    grid: { type: 'string', value: 'FILE.png', help: 'where to write the grid; default <out>/check-data.png' },
  },
  positionalHint: (arg) => ` (did you mean --data folder:${arg}?)`,
};

export const checkDataHelp = `usage: simsiam check-data [--data SPEC] [--preset P] [--config FILE] [--rows N] [--grid FILE.png] [--<field> VALUE ...]

Prints the dataset summary (splits, classes, image sizes) and writes a grid of rows of
original image | view 1 | view 2, made with the run's augmentation settings (default <out>/check-data.png).
The training fields (--image-size, --aug-preset, --blur-prob, --seed ...) are those of simsiam train.

flags:
${flagLines(flags)}`;

export async function checkDataCommand(argv: string[]): Promise<number> {
  const { values } = parseFlags(argv, flags);
  if (values.help) return console.log(checkDataHelp), 0;
  const config = configFromFlags(values);
  const rows = values.rows === undefined ? 8 : Number(values.rows);
  if (!Number.isInteger(rows) || rows < 1 || rows > 256) throw new ConfigError(`Invalid value ${JSON.stringify(values.rows)} for --rows: expected an integer from 1 to 256`);
  const dataset = await openDataset(config.data, { seed: config.seed, maxImageSide: config.maxImageSide });
  console.log(formatDatasetSummary(await summarizeDataset(dataset, { seed: config.seed })));
  const pick = Array.from(permutation(dataset.train.size, config.seed).subarray(0, Math.min(rows, dataset.train.size)));
  const read = await dataset.train.read(pick);
  if (read.images.length === 0) throw new Error(`None of the ${pick.length} sampled images of ${config.data} could be decoded`);
  const options = { preset: config.augPreset, size: config.imageSize, blurProb: config.blurProb, seed: config.seed };
  const { view1, view2 } = await augmentPair(read.images, options);
  const S = config.imageSize, n = S * S * 3;
  const v1 = view1.dataSync() as Float32Array, v2 = view2.dataSync() as Float32Array;
  const { config: aug } = resolveAugmentOptions(options);
  const path = typeof values.grid === 'string' ? resolvePath(values.grid) : join(config.out, 'check-data.png');
  makeDirectory(dirname(path), 'the folder of --grid');
  await writeAugmentationGrid(path, read.images.map((image, i) => ({ image, view1: v1.subarray(i * n, (i + 1) * n), view2: v2.subarray(i * n, (i + 1) * n) })),
    { size: S, mean: aug.mean, std: aug.std });
  tf.dispose([view1, view2]);
  const { cell } = gridSize(read.images.length, S);
  console.log(`wrote ${path}: ${read.images.length} rows of image | view 1 | view 2 (${S}x${S}${cell > S ? `, shown at ${cell}x${cell}` : ''})`);
  return 0;
}
