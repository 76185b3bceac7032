// Argument checks with sharp-style messages:
//   "Expected positive integer for width but received -1 of type number"
// Every public entry point validates here, before any native call.

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
  if (typeof v !== 'string' || !values.includes(v as T))
    throw invalid(`one of ${values.map((x) => `'${x}'`).join(', ')}`, name, v);
  return v as T;
}
