// Command-line flags -> config overrides. Every TrainConfig field is a flag in
// kebab case (--batch-size 64, --fix-predictor-lr true); --config FILE is read
// first, flags win, and the preset (flag, file or default) is the base.
import { parseArgs } from 'node:util';
import { ConfigError, FIELDS, PRESETS, resolveConfig, type TrainConfig } from '../train/config.js';
import { readConfigFile } from './config_file.js';
import type { Rule } from '../validate.js';

export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/**
 * `--epochs -1` as `--epochs=-1`: parseArgs takes a value starting with '-' for an option
 * ("argument is ambiguous"); a number is a value, and its range check gives the message.
 */
function negativeValues(argv: string[], options: Record<string, { type: 'string' | 'boolean' }>): string[] {
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i], next = argv[i + 1];
    if (a === '--') return out.concat(argv.slice(i));
    if (a.startsWith('--') && options[a.slice(2)]?.type === 'string' && next !== undefined && /^-(\d|\.\d|Infinity$)/.test(next) && !Number.isNaN(Number(next))) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses flags; `extra` are the command's own options beyond the config fields. */
export function parseFlags(argv: string[], extra: Record<string, { type: 'string' | 'boolean' }>, withConfigFields: boolean): ParsedArgs {
  const options: Record<string, { type: 'string' | 'boolean' }> = { help: { type: 'boolean' }, ...extra };
  if (withConfigFields) {
    for (const key of Object.keys(FIELDS)) options[kebab(key)] = { type: 'string' };
    options.config = { type: 'string' };
  }
  try {
    const args = negativeValues(argv, options);
    const { values, positionals } = parseArgs({ args, options, strict: true, allowPositionals: true });
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

/** A flag's value (`converted` from its text `raw`) if `rule` accepts it; else the flag error every command gives. */
export function flagValue<T>(raw: string, flag: string, rule: Rule, converted: T): T {
  if (!rule.test(converted)) throw new ConfigError(`Invalid value ${JSON.stringify(raw)} for --${flag}: expected ${rule.expected}`);
  return converted;
}

/** A numeric flag: its value, or `fallback` when it is absent. */
export function numberFlag(values: ParsedArgs['values'], flag: string, rule: Rule, fallback: number): number {
  const raw = values[flag];
  if (raw === undefined) return fallback;
  const text = String(raw);
  return flagValue(text, flag, rule, text.trim() === '' ? NaN : Number(text));
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
    overrides[key] = flagValue(raw, kebab(key), FIELDS[key], value);
  }
  return resolveConfig(overrides, 'flags');
}
