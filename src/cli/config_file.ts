// --config FILE: a JSON or YAML object of TrainConfig fields.
import { readFileSync } from 'node:fs';
import { parse as parseYaml } from 'yaml';
import { ConfigError } from '../train/config.js';

export function readConfigFile(path: string): Record<string, unknown> {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    throw new ConfigError(`Cannot read config file ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let value: unknown;
  try {
    value = /\.ya?ml$/i.test(path) ? parseYaml(text) : JSON.parse(text);
  } catch (e) {
    throw new ConfigError(`Cannot parse config file ${path}: ${(e as Error).message.split('\n')[0]}`);
  }
  if (value === null || value === undefined || typeof value !== 'object' || Array.isArray(value)) {
    const holds = value === null || value === undefined ? 'nothing' : Array.isArray(value) ? 'a list' : `a ${typeof value}`;
    throw new ConfigError(`Config file ${path} must hold an object of fields (e.g. {"epochs": 10}) but holds ${holds}`);
  }
  return value as Record<string, unknown>;
}
