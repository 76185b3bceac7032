// Command-line flags -> config overrides. Every TrainConfig field is a flag in
// kebab case (--batch-size 64, --fix-predictor-lr true); --config FILE is read
// first, flags win, and the preset (flag, file or default) is the base.
import { parseArgs } from 'node:util';
import { ConfigError, FIELDS, PRESETS, resolveConfig, type TrainConfig } from '../train/config.js';
import { readConfigFile } from './config_file.js';

export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** Parses flags; `extra` are the command's own options beyond the config fields. */
export function parseFlags(argv: string[], extra: Record<string, { type: 'string' | 'boolean' }>, withConfigFields: boolean): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' }, ...extra };
  if (withConfigFields) {
    for (const key of Object.keys(FIELDS)) options[kebab(key)] = { type: 'string' };
    options.config = { type: 'string' };
  }
  try {
    const { values, positionals } = parseArgs({ args: argv, options, strict: true, allowPositionals: true });
    return { values: values as ParsedArgs['values'], positionals };
  } catch (e) {
    throw new ConfigError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
}

function convert(key: keyof TrainConfig, raw: string): unknown {
  const sample = PRESETS['mnist-demo'][key];
  if (typeof sample === 'number') return raw.trim() !== '' && Number.isFinite(Number(raw)) ? Number(raw) : raw;
  if (typeof sample === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw;
  return raw;
}

/** preset <- --config file <- flags, validated field by field (errors name the file or the flag). */
export function configFromFlags(values: ParsedArgs['values']): TrainConfig {
  const file = typeof values.config === 'string' ? values.config : null;
  const overrides: Record<string, unknown> = file ? readConfigFile(file) : {};
  if (file) resolveConfig(overrides, file);
  for (const key of Object.keys(FIELDS) as Array<keyof TrainConfig>) {
    const raw = values[kebab(key)];
    if (typeof raw !== 'string') continue;
    const value = convert(key, raw);
    const error = FIELDS[key](value);
    if (error) throw new ConfigError(`Invalid value ${JSON.stringify(raw)} for --${kebab(key)}: expected ${error}`);
    overrides[key] = value;
  }
  return resolveConfig(overrides, 'flags');
}
