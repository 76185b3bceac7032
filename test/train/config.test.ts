import { describe, expect, it } from 'vitest';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfigFile } from '../../src/cli/config_file.js';
import { PRESETS, resolveConfig } from '../../src/train/config.js';
import { encoderLr, initialLr, predictorLr } from '../../src/train/schedule.js';

describe('training config', () => {
  it('starts from the named preset and applies overrides', () => {
    const c = resolveConfig({ preset: 'cifar10', epochs: 3, batchSize: 64 });
    expect(c.arch).toBe('resnet18');
    expect(c.cifarStem).toBe(true);
    expect(c.baseLr).toBe(0.03);
    expect(c.weightDecay).toBe(5e-4);
    expect(c.blurProb).toBe(0);
    expect(c.epochs).toBe(3);
    expect(resolveConfig({}).preset).toBe('mnist-demo');
    expect(PRESETS.imagenet.fixPredictorLr).toBe(true);
    expect(PRESETS.imagenet.arch).toBe('resnet50');
  });

  it.each([
    [{ epochs: 0 }, "Invalid value 0 for epochs in config: expected an integer from 1 to 100000"],
    [{ batchSize: 'big' }, "Invalid value 'big' for batchSize in config: expected an integer from 2 to 65535"],
    [{ preset: 'tiny' }, "Invalid value 'tiny' for preset in config: expected one of mnist-demo, cifar10, imagenet"],
    [{ data: 'imagenet' }, "Invalid value 'imagenet' for data in config: expected mnist, cifar10:<dir> or folder:<dir>"],
    [{ device: 'gpu' }, "Invalid value 'gpu' for device in config: expected one of auto, cpu, cuda"],
    [{ lr: 0.1 }, 'Unknown field lr in config (known fields: preset, data, out'],
    [{ fixPredictorLr: 'yes' }, "Invalid value 'yes' for fixPredictorLr in config: expected true or false"],
    [{ baseLr: 0 }, 'Invalid value 0 for baseLr in config: expected a number > 0 and <= 100'],
  ])('%#: rejects %j with an error naming the field', (overrides, message) => {
    expect(() => resolveConfig(overrides as Record<string, unknown>)).toThrow(message);
  });

  it('follows the recipe lr schedule: linear scaling, cosine per epoch, warm-up, fixed predictor lr', () => {
    const c = resolveConfig({ preset: 'imagenet', batchSize: 512, epochs: 100 });
    expect(initialLr(c)).toBeCloseTo(0.1);
    expect(encoderLr(c, 0, 0, 10)).toBeCloseTo(0.1);
    expect(encoderLr(c, 50, 3, 10)).toBeCloseTo(0.05);
    expect(encoderLr(c, 99, 0, 10)).toBeCloseTo(0.1 * 0.5 * (1 + Math.cos(Math.PI * 0.99)));
    expect(predictorLr(c, 99, 0, 10)).toBeCloseTo(0.1);
    const w = resolveConfig({ preset: 'cifar10', batchSize: 256, warmupEpochs: 2, epochs: 10 });
    expect(encoderLr(w, 0, 0, 4)).toBeCloseTo(0.03 / 8);
    expect(encoderLr(w, 1, 3, 4)).toBeCloseTo(0.03);
    expect(predictorLr(w, 5, 0, 4)).toBeCloseTo(encoderLr(w, 5, 0, 4));
  });

  it.each([
    ['{"__proto__": {"epochs": 5}}', 'Unknown field __proto__ in cfg.json (known fields: preset'],
    ['{"hasOwnProperty": 1}', 'Unknown field hasOwnProperty in cfg.json (known fields: preset'],
    ['{"constructor": {}}', 'Unknown field constructor in cfg.json (known fields: preset'],
    ['{"epochs": 1e999}', 'Invalid value Infinity for epochs in cfg.json: expected an integer from 1 to 100000'],
    ['{"baseLr": -1e999}', 'Invalid value -Infinity for baseLr in cfg.json: expected a number > 0 and <= 100'],
    ['{"epochs": -0}', 'Invalid value -0 for epochs in cfg.json: expected an integer from 1 to 100000'],
    ['{"epochs": [1, 2]}', 'Invalid value [1, 2] for epochs in cfg.json: expected an integer from 1 to 100000'],
    ['{"epochs": "10"}', "Invalid value '10' for epochs in cfg.json: expected an integer from 1 to 100000 (it is a string: write it without quotes)"],
    ['{"cifarStem": "false"}', "Invalid value 'false' for cifarStem in cfg.json: expected true or false (it is a string: write it without quotes)"],
  ])('%#: %s gives a message naming the field and the value', (json, message) => {
    expect(() => resolveConfig(JSON.parse(json), 'cfg.json')).toThrow(message);
  });

  it('NaN, prototype keys and non-objects are reported as such', () => {
    expect(() => resolveConfig({ baseLr: NaN })).toThrow('Invalid value NaN for baseLr in config: expected a number > 0 and <= 100');
    expect(() => resolveConfig(Object.create({ epochs: 0 }))).not.toThrow();
    for (const [v, shown] of [[null, 'null'], [[1], '[1]'], [undefined, 'undefined'], ['x', "'x'"]] as const)
      expect(() => resolveConfig(v as never, 'checkpoint c.ckpt')).toThrow(`Invalid config in checkpoint c.ckpt: expected an object of fields but received ${shown}`);
  });
});

describe('config files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simsiam-config-'));
  const file = (name: string, text: string) => (writeFileSync(join(dir, name), text), join(dir, name));

  it('YAML: duplicate keys, non-objects, quoted numbers and special floats name the file and the field', () => {
    const dup = file('dup.yaml', 'epochs: 3\nepochs: 4\n');
    expect(() => readConfigFile(dup)).toThrow(`Cannot parse config file ${dup}: Map keys must be unique at line 2, column 1`);
    for (const [name, text, holds] of [['empty.yaml', '', 'nothing'], ['list.yaml', '- 1\n- 2\n', 'a list'], ['text.yaml', 'epochs 10\n', 'a string'], ['num.json', '3', 'a number']])
      expect(() => readConfigFile(file(name, text))).toThrow(`Config file ${join(dir, name)} must hold an object of fields (e.g. {"epochs": 10}) but holds ${holds}`);
    const quoted = file('quoted.yaml', 'epochs: "10"\n');
    expect(() => resolveConfig(readConfigFile(quoted), quoted)).toThrow(`Invalid value '10' for epochs in ${quoted}: expected an integer from 1 to 100000 (it is a string: write it without quotes)`);
    const inf = file('inf.yaml', 'knnTemperature: .inf\n');
    expect(() => resolveConfig(readConfigFile(inf), inf)).toThrow(`Invalid value Infinity for knnTemperature in ${inf}: expected a number > 0 and <= 10`);
    const proto = file('proto.yaml', '__proto__:\n  epochs: 2\n');
    expect(() => resolveConfig(readConfigFile(proto), proto)).toThrow(`Unknown field __proto__ in ${proto} (known fields: preset`);
  });
});
