// Argument checks, one module for every layer. `rules` say which values are
// accepted and how they read in a message; API arguments get sharp-style
// messages ("Expected positive integer for width but received -1 of type
// number"), config fields and flags "Invalid value ... for --epochs: expected
// an integer from 1 to 100000" (src/train/config.ts, src/cli/args.ts) from the
// same rules. Every public entry point validates here, before any native call.
import type { RgbImage } from './data/types.js';

/** Accepted values: a test and how they read after "expected". */
export interface Rule {
  test(v: unknown): boolean;
  expected: string;
}

export const rules = {
  integer: (lo: number, hi = Number.MAX_SAFE_INTEGER): Rule => ({
    test: (v) => isInteger(v) && v >= lo && v <= hi,
    expected: `an integer from ${lo}${hi < Number.MAX_SAFE_INTEGER ? ` to ${hi}` : ''}`,
  }),
  number: (lo: number, hi: number, loOpen = false): Rule => ({
    test: (v) => typeof v === 'number' && Number.isFinite(v) && (loOpen ? v > lo : v >= lo) && v <= hi,
    expected: `a number ${loOpen ? '>' : '>='} ${lo} and <= ${hi}`,
  }),
  positiveNumber: { test: (v: unknown) => typeof v === 'number' && Number.isFinite(v) && v > 0, expected: 'a positive number' } as Rule,
  oneOf: (values: readonly string[]): Rule => ({
    test: (v) => typeof v === 'string' && values.includes(v),
    expected: `one of ${values.join(', ')}`,
  }),
  boolean: { test: (v: unknown) => typeof v === 'boolean', expected: 'true or false' } as Rule,
  nonEmptyString: { test: (v: unknown) => typeof v === 'string' && v.length > 0, expected: 'a non-empty string' } as Rule,
};

export function describe(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  if (ArrayBuffer.isView(value)) return `a ${value.constructor.name} of length ${(value as Uint8Array).length}`;
  if (typeof value === 'string') return `'${value}' of type string`;
  if (typeof value === 'object') return `an object`;
  return `${String(value)} of type ${typeof value}`;
}

export function invalid(expected: string, name: string, value: unknown): TypeError {
  return new TypeError(`Expected ${expected} for ${name} but received ${describe(value)}`);
}

export function outOfRange(expected: string, name: string, value: unknown): RangeError {
  return new RangeError(`Expected ${expected} for ${name} but received ${describe(value)}`);
}

export function isInteger(v: unknown): v is number {
  return typeof v === 'number' && Number.isInteger(v);
}

export function positiveInteger(v: unknown, name: string): number {
  if (!isInteger(v)) throw invalid('positive integer', name, v);
  if (v <= 0) throw outOfRange('positive integer', name, v);
  return v;
}

export function finiteNumber(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalid('finite number', name, v);
  return v;
}

export function numberIn(v: unknown, name: string, lo: number, hi: number): number {
  finiteNumber(v, name);
  if ((v as number) < lo || (v as number) > hi) throw outOfRange(`number between ${lo} and ${hi}`, name, v);
  return v as number;
}

export function probability(v: unknown, name: string): number {
  return numberIn(v, name, 0, 1);
}

/** A short array of numbers or strings as its values ([0.5, 0.2]); else as describe() has it. */
function describeValues(v: unknown): string {
  const simple = (x: unknown) => typeof x === 'number' || typeof x === 'string';
  if (!Array.isArray(v) || v.length > 8 || !v.every(simple)) return describe(v);
  return `[${v.map((x) => (typeof x === 'string' ? `'${x}'` : Object.is(x, -0) ? '-0' : String(x))).join(', ')}]`;
}

/** [min, max] with lo <= min <= max <= hi (and min > 0 when positive). */
export function range(v: unknown, name: string, lo: number, hi: number, positive = false): [number, number] {
  const what = `[min, max] with ${positive ? `0 < min` : `${lo} <= min`} <= max <= ${hi}`;
  // The values themselves: "an array of length 2" does not say which bound is wrong.
  const fail = (E: typeof TypeError) => new E(`Expected ${what} for ${name} but received ${describeValues(v)}`);
  if (!Array.isArray(v) || v.length !== 2 || !v.every((x) => typeof x === 'number' && Number.isFinite(x))) throw fail(TypeError);
  const [a, b] = v as [number, number];
  if (a < lo || b > hi || a > b || (positive && a <= 0)) throw fail(RangeError);
  return [a, b];
}

export function oneOf<T extends string>(v: unknown, name: string, values: readonly T[]): T {
  const rule = rules.oneOf(values);
  if (!rule.test(v)) throw invalid(rule.expected, name, v);
  return v as T;
}

export function nonNegativeInteger(v: unknown, name: string): number {
  if (!isInteger(v) || v > Number.MAX_SAFE_INTEGER) throw invalid('non-negative integer', name, v);
  if (v < 0) throw outOfRange('non-negative integer', name, v);
  return v;
}

export function boolean(v: unknown, name: string): boolean {
  if (typeof v !== 'boolean') throw invalid('boolean', name, v);
  return v;
}

/** Rejects keys the caller did not expect (a typo would otherwise be silently ignored). */
export function knownKeys(o: unknown, name: string, known: readonly string[], what: string): Record<string, unknown> {
  if (o === null || typeof o !== 'object' || Array.isArray(o)) throw invalid('an options object', name, o);
  for (const key of Object.keys(o))
    if (!known.includes(key)) throw new TypeError(`Unknown option ${key} for ${what} (known: ${known.join(', ')})`);
  return o as Record<string, unknown>;
}

/** Indices a split can read: integers in [0, size). */
export function checkIndices(indices: unknown, size: number): number[] {
  if (!Array.isArray(indices)) throw invalid('an array of record indices', 'indices', indices);
  for (let i = 0; i < indices.length; i++) {
    const v = indices[i];
    if (!isInteger(v)) throw invalid('integer record index', `indices[${i}]`, v);
    if (v < 0 || v >= size) throw outOfRange(`integer between 0 and ${size - 1}`, `indices[${i}]`, v);
  }
  return indices as number[];
}

/** A packed RGB8 image: positive sizes and exactly height*width*3 bytes. */
export function checkRgbImage(img: unknown, name: string): RgbImage {
  if (img === null || typeof img !== 'object') throw invalid('{ data, height, width }', name, img);
  const { data, height, width } = img as RgbImage;
  positiveInteger(height, `${name}.height`);
  positiveInteger(width, `${name}.width`);
  if (!(data instanceof Uint8Array)) throw invalid('Uint8Array of RGB pixels', `${name}.data`, data);
  if (data.length !== height * width * 3)
    throw new RangeError(`Expected ${height * width * 3} bytes (height*width*3) for ${name}.data but received ${data.length}`);
  return img as RgbImage;
}
