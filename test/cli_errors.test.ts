// Command-line errors, as the user sees them (console.error of `simsiam ...`).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tf } from '../src/index.js';
import { main } from '../src/cli.js';
import { buildSimSiam, namedWeights } from '../src/model/simsiam_model.js';
import { saveCheckpoint } from '../src/train/checkpoint.js';
import { resolveConfig } from '../src/train/config.js';
import { modelConfigOf } from '../src/train/config.js';

const dir = mkdtempSync(join(tmpdir(), 'simsiam-cli-'));
// Runs go to a temp folder: a regression must not start one in the working directory.
const out = ['--out', join(dir, 'run'), '--device', 'cpu'];

async function errorsOf(...runs: string[][]): Promise<string[]> {
  const errors: string[] = [];
  vi.spyOn(console, 'error').mockImplementation((m: string) => void errors.push(m));
  for (const argv of runs) expect(await main(argv)).not.toBe(0);
  return errors;
}
afterEach(() => void vi.restoreAllMocks());

describe('command-line errors', () => {
  it('negative numbers after a flag are values, checked like any other', async () => {
    expect(await errorsOf(['train', '--epochs', '-1', ...out], ['train', '--base-lr', '-0.5', ...out], ['train', '--seed', '-1e3', ...out],
      ['probe', '--checkpoint', 'x', '--epochs', '-3'])).toEqual([
      'simsiam train: Invalid value "-1" for --epochs: expected an integer from 1 to 100000',
      'simsiam train: Invalid value "-0.5" for --base-lr: expected a number > 0 and <= 100',
      'simsiam train: Invalid value "-1e3" for --seed: expected an integer from 0 to 2147483647',
      'simsiam probe: Invalid value "-3" for --epochs: expected an integer from 1 to 100000',
    ]);
  });

  it('config files: prototype keys, Infinity, duplicate keys and quoted numbers name the file and field', async () => {
    const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));
    const proto = file('proto.json', '{"__proto__": {"epochs": 1}}');
    const own = file('own.json', '{"hasOwnProperty": 3}');
    const inf = file('inf.json', '{"epochs": 1e999}');
    const dup = file('dup.yaml', 'seed: 1\nseed: 2\n');
    const quoted = file('quoted.yaml', 'batchSize: "64"\n');
    const errors = await errorsOf(...[proto, own, inf, dup, quoted].map((f) => ['train', '--config', f, ...out]));
    expect(errors.map((e) => e.replace(/ \(known fields: .*\)$/, ''))).toEqual([
      `simsiam train: Unknown field __proto__ in ${proto}`,
      `simsiam train: Unknown field hasOwnProperty in ${own}`,
      `simsiam train: Invalid value Infinity for epochs in ${inf}: expected an integer from 1 to 100000`,
      expect.stringMatching(`^simsiam train: Cannot parse config file ${dup}: Map keys must be unique at line 2, column 1`),
      `simsiam train: Invalid value '64' for batchSize in ${quoted}: expected an integer from 2 to 65535 (it is a string: write it without quotes)`,
    ]);
  });

  it('export and knn with a checkpoint of other shapes name the checkpoint and the weight', async () => {
    const overrides = { width: 0.0625, imageSize: 8, projectorDim: 16, predictorDim: 4 };
    const config = resolveConfig(overrides);
    const weights = namedWeights(buildSimSiam(modelConfigOf(config), 0));
    const path = join(dir, 'other.ckpt');
    await saveCheckpoint(path, { config: { ...overrides, width: 0.125 }, epoch: 1 },
      weights.map((w) => ({ name: `model/${w.name}`, tensor: w.variable.read() as tf.Tensor })));
    const errors = await errorsOf(['export', '--checkpoint', path, '--out', join(dir, 'export')], ['knn', '--checkpoint', path]);
    const first = weights[0];
    const expected = `Checkpoint ${path} does not match the model: ${first.name} is [${first.variable.shape}], expected [`;
    expect(errors).toEqual([expect.stringContaining(`simsiam export: ${expected}`), expect.stringContaining(`simsiam knn: ${expected}`)]);
  });
});
