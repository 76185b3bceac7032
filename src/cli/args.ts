// Command-line flags -> config overrides. Every TrainConfig field is a flag in
// kebab case (--batch-size 64); booleans are switches (--fix-predictor-lr,
// --no-zero-init-residual; --x true/false also works); --config FILE is read
// first, flags win, and the preset (flag, file or default) is the base.
// Unknown flags get a "did you mean", stray arguments an error, and every
// flag one line of help with its accepted values and default.
import { parseArgs } from 'node:util';
import { ConfigError, FIELD_ALIASES, FIELD_HELP, FIELD_SHORT, FIELDS, PRESETS, resolveConfig, type PresetName, type TrainConfig } from '../train/config.js';
import { readConfigFile } from './config_file.js';
import { resolveDataSpec, resolvePath } from './paths.js';
import { rules, type Rule } from '../validate.js';

export const kebab = (s: string) => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** A command's own flag: its type, the placeholder of its value, one line of help and a one-letter alias. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  value?: string;
  help: string;
  short?: string;
}

export interface ParsedArgs {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

/** What a command parses: its name (for messages), own flags, and whether the TrainConfig fields are flags too. */
export interface CommandFlags {
  command: string;
  flags: Record<string, FlagSpec>;
  configFields?: boolean;
  /** Appended to the error for a stray argument, e.g. "did you mean --resume X?" (X is the argument). */
  positionalHint?: (arg: string) => string;
  /** How many plain arguments the command takes (download: a data set and a folder); 0 when absent. */
  operands?: number;
}

const HELP: FlagSpec = { type: 'boolean', help: 'show this help', short: 'h' };

/** Every flag a command accepts (long name -> spec), the config fields included. */
export function allFlags(c: CommandFlags): Record<string, FlagSpec> {
  const all: Record<string, FlagSpec> = {};
  if (c.configFields) {
    for (const key of Object.keys(FIELDS) as Array<keyof TrainConfig>)
      all[kebab(key)] = { type: FIELDS[key] === rules.boolean ? 'boolean' : 'string', help: FIELD_HELP[key], short: FIELD_SHORT[key] };
    for (const [alias, key] of Object.entries(FIELD_ALIASES)) all[alias] = { type: 'string', help: `same as --${kebab(key)}` };
    all.config = { type: 'string', value: 'FILE', help: 'JSON or YAML file of fields (flags override it, it overrides the preset)' };
  }
  Object.assign(all, c.flags);
  all.help = HELP;
  return all;
}

/** Optimal string alignment distance (Levenshtein with transpositions). */
export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)));
  for (let i = 1; i <= a.length; i++)
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
    }
  return d[a.length][b.length];
}

/** The closest of `names` to `typed` (batchSize and batch_size count as batch-size), or null when none is close. */
export function closest(typed: string, names: string[]): string | null {
  const t = kebab(typed).replace(/_/g, '-');
  let best: string | null = null, bestD = Infinity;
  for (const n of names) {
    const d = (n.startsWith(t) && t.length >= 3) || (t.startsWith(`${n}-`) && n.length >= 3) ? 0.5 : editDistance(t, n);
    if (d < bestD) [best, bestD] = [n, d];
  }
  return bestD <= (t.length <= 3 ? 1 : t.length <= 6 ? 2 : 3) ? best : null;
}

function unknownFlag(token: string, c: CommandFlags, names: string[]): ConfigError {
  const guess = closest(token.replace(/^-+/, ''), names);
  return new ConfigError(`Unknown flag ${token}${guess ? ` (did you mean --${guess}?)` : ''}; simsiam ${c.command} --help lists its flags`);
}

/**
 * Rewrites argv so that parseArgs (every option a string) sees `--x=value` for switches and negative numbers:
 * `--flag` -> `--flag=true`, `--no-flag` -> `--flag=false`, `--flag true|false` kept as its value,
 * `--epochs -1` -> `--epochs=-1` (a number is a value, and its range check gives the message), `-b 64` -> `--batch-size 64`.
 */
function normalize(argv: string[], c: CommandFlags, flags: Record<string, FlagSpec>): string[] {
  const names = Object.keys(flags);
  const shorts = new Map(names.filter((n) => flags[n].short).map((n) => [flags[n].short!, n]));
  const out: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    let a = argv[i];
    const next = argv[i + 1];
    if (a === '--') return out.concat(argv.slice(i));
    if (/^-[^-]/.test(a) && Number.isNaN(Number(a))) {
      const long = shorts.get(a[1]);
      if (!long) throw unknownFlag(a, c, names);
      a = a.length > 2 ? `--${long}=${a.slice(a[2] === '=' ? 3 : 2)}` : `--${long}`;
    }
    if (!a.startsWith('--') || a === '--') {
      out.push(a);
      continue;
    }
    const eq = a.indexOf('=');
    const name = a.slice(2, eq < 0 ? undefined : eq);
    const spec = flags[name];
    if (!spec) {
      const negated = name.startsWith('no-') ? name.slice(3) : null;
      if (negated !== null && flags[negated]?.type === 'boolean') {
        if (eq >= 0) throw new ConfigError(`--${name} takes no value (it sets --${negated} to false)`);
        out.push(`--${negated}=false`);
        continue;
      }
      throw unknownFlag(`--${name}`, c, names);
    }
    if (spec.type === 'boolean' && eq < 0) {
      if (next === 'true' || next === 'false') out.push(`--${name}=${next}`), i++;
      else if (next !== undefined && !next.startsWith('-'))
        throw new ConfigError(`Invalid value ${JSON.stringify(next)} for --${name}: expected true or false (--${name} alone is true, --no-${name} false)`);
      else out.push(`--${name}=true`);
    } else if (spec.type === 'string' && eq < 0 && next !== undefined && /^-(\d|\.\d|Infinity$)/.test(next) && !Number.isNaN(Number(next))) {
      out.push(`${a}=${next}`);
      i++;
    } else out.push(a);
  }
  return out;
}

/** Parses a command's flags; switches come back as booleans, stray arguments are an error. */
export function parseFlags(argv: string[], c: CommandFlags): ParsedArgs {
  const flags = allFlags(c);
  const options = Object.fromEntries(Object.keys(flags).map((n) => [n, { type: 'string' as const }]));
  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({ args: normalize(argv, c, flags), options, strict: true, allowPositionals: true });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    throw new ConfigError((e as Error).message.replace(/\. To specify a positional.*$/s, ''));
  }
  const values = parsed.values as ParsedArgs['values'];
  for (const [name, spec] of Object.entries(flags)) {
    // Config-field switches are converted (and checked) with their field; the command's own here.
    if (spec.type !== 'boolean' || values[name] === undefined || (c.configFields && FIELDS_BY_FLAG.has(name))) continue;
    values[name] = flagValue(String(values[name]), name, rules.boolean, values[name] === 'true' ? true : values[name] === 'false' ? false : values[name]);
  }
  const operands = c.operands ?? 0;
  if (!values.help && parsed.positionals.length > operands) {
    const arg = parsed.positionals[operands];
    const takes = operands === 0 ? 'only --flags' : `${operands} argument${operands === 1 ? '' : 's'} and --flags`;
    throw new ConfigError(`Unexpected argument '${arg}': simsiam ${c.command} takes ${takes}${c.positionalHint?.(arg) ?? ''}`);
  }
  return { values, positionals: parsed.positionals };
}

const FIELDS_BY_FLAG = new Map(Object.keys(FIELDS).map((k) => [kebab(k), k as keyof TrainConfig]));

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

/** The config and the fields given explicitly (by --config FILE or a flag), with paths resolved as a shell user expects. */
export interface FlagConfig {
  config: TrainConfig;
  given: Partial<TrainConfig>;
  /** field -> how the user named it (`--batch-size`, `-b`... or `batchSize in FILE`), for messages. */
  givenAs: Partial<Record<keyof TrainConfig, string>>;
}

/** preset <- --config file <- flags, validated field by field (errors name the file or the flag). */
export function flagConfig(values: ParsedArgs['values']): FlagConfig {
  const file = typeof values.config === 'string' ? resolvePath(values.config) : null;
  const overrides: Record<string, unknown> = file ? readConfigFile(file) : {};
  if (file) resolveConfig(overrides, file);
  const givenAs: FlagConfig['givenAs'] = {};
  for (const key of Object.keys(overrides)) givenAs[key as keyof TrainConfig] = `${key} in ${file}`;
  const flagOf = new Map<keyof TrainConfig, string>();
  for (const key of Object.keys(FIELDS) as Array<keyof TrainConfig>) {
    const names = [kebab(key), ...Object.keys(FIELD_ALIASES).filter((a) => FIELD_ALIASES[a] === key)].filter((n) => typeof values[n] === 'string');
    if (names.length > 1) throw new ConfigError(`--${names[0]} and --${names[1]} are the same field: give one of them`);
    if (names.length === 0) continue;
    const raw = values[names[0]] as string;
    overrides[key] = flagValue(raw, names[0], FIELDS[key], convert(key, raw));
    flagOf.set(key, `--${names[0]}`);
  }
  for (const [key, flag] of flagOf) givenAs[key] = flag;
  if (typeof overrides.data === 'string') overrides.data = resolveDataSpec(overrides.data);
  if (typeof overrides.out === 'string') overrides.out = resolvePath(overrides.out);
  const config = resolveConfig(overrides, 'flags');
  return { config: { ...config, data: resolveDataSpec(config.data), out: resolvePath(config.out) }, given: overrides as Partial<TrainConfig>, givenAs };
}

export function configFromFlags(values: ParsedArgs['values']): TrainConfig {
  return flagConfig(values).config;
}

function showDefault(key: keyof TrainConfig): string {
  const base = PRESETS['mnist-demo'][key];
  const others = (Object.keys(PRESETS) as PresetName[]).filter((p) => p !== 'mnist-demo' && PRESETS[p][key] !== base);
  const show = (v: unknown) => (typeof v === 'string' ? v : String(v));
  if (key === 'preset') return 'default mnist-demo';
  return `default ${show(base)}${others.length ? ` (${others.map((p) => `${p}: ${show(PRESETS[p][key])}`).join(', ')})` : ''}`;
}

/** One line per flag: name (and alias), what it is, its accepted values and default. */
export function flagLines(c: CommandFlags, defaults: Record<string, string> = {}): string {
  const flags = allFlags(c);
  const rows: Array<[string, string]> = [];
  const aliasOf = (key: string) => Object.keys(FIELD_ALIASES).filter((a) => kebab(FIELD_ALIASES[a]) === key);
  for (const [name, spec] of Object.entries(flags)) {
    if (c.configFields && Object.hasOwn(FIELD_ALIASES, name)) continue;
    const key = c.configFields ? FIELDS_BY_FLAG.get(name) : undefined;
    const long = spec.type === 'boolean' && name !== 'help' ? `--[no-]${name}` : `--${name}`;
    const names = [long, ...(key ? aliasOf(name).map((a) => `--${a}`) : []), ...(spec.short ? [`-${spec.short}`] : [])].join(', ');
    const label = spec.value ? `${names} ${spec.value}` : names;
    let text = spec.help;
    if (key) text += `: ${spec.type === 'boolean' ? 'a switch, or true or false' : FIELDS[key].expected}; ${showDefault(key)}`;
    else if (defaults[name]) text += `; default ${defaults[name]}`;
    rows.push([label, text]);
  }
  const width = Math.min(34, Math.max(...rows.map(([l]) => l.length)) + 2);
  return rows.map(([l, t]) => `  ${l.padEnd(width)}${l.length >= width ? ' ' : ''}${t}`).join('\n');
}
