// Checkpoint files: one file holding a JSON header (config, epoch/step, RNG
// state, tensor index) and the raw float32 data, written atomically
// (src/io/atomic_write.ts), so a failed write never replaces a good one.
//   "SIMSIAMCKPT1\n" | uint32 LE header length | header JSON | tensor bytes
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Tensor } from '@tensorflow/tfjs-core';
import { writeFileAtomicSync } from '../io/atomic_write.js';
import { tf } from '../tf.js';

const MAGIC = 'SIMSIAMCKPT1\n';

/** A run directory's checkpoint, or the file itself. */
export function checkpointPath(pathOrDir: string): string {
  return existsSync(pathOrDir) && statSync(pathOrDir).isDirectory() ? join(pathOrDir, 'checkpoint.ckpt') : pathOrDir;
}

export interface CheckpointHeader {
  version: 1;
  /** Everything the trainer needs to continue: config, counters, RNG seeds, history. */
  state: Record<string, unknown>;
  tensors: Array<{ name: string; shape: number[]; offset: number; length: number }>;
}

export async function saveCheckpoint(path: string, state: Record<string, unknown>,
  tensors: Array<{ name: string; tensor: Tensor }>): Promise<void> {
  const index: CheckpointHeader['tensors'] = [];
  const chunks: Float32Array[] = [];
  let offset = 0;
  for (const { name, tensor } of tensors) {
    const data = (await tensor.data()) as Float32Array;
    index.push({ name, shape: tensor.shape, offset, length: data.length });
    chunks.push(data);
    offset += data.length;
  }
  const header = Buffer.from(JSON.stringify({ version: 1, state, tensors: index } satisfies CheckpointHeader));
  const prefix = Buffer.alloc(MAGIC.length + 4);
  prefix.write(MAGIC, 0, 'latin1');
  prefix.writeUInt32LE(header.length, MAGIC.length);
  writeFileAtomicSync(path, [prefix, header, ...chunks.map((c) => new Uint8Array(c.buffer, c.byteOffset, c.byteLength))], 'checkpoint');
}

export interface LoadedCheckpoint {
  state: Record<string, unknown>;
  tensors: Map<string, Tensor>;
}

// Values as a corrupt header holds them: JSON, objects summarised.
const show = (v: unknown) =>
  v === undefined ? 'undefined' : v !== null && typeof v === 'object' && !Array.isArray(v) ? 'an object' : JSON.stringify(v);
const isObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const isCount = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks every header field a load relies on, so a crafted file fails here with its name, not later. */
function checkHeader(path: string, h: unknown): { header: CheckpointHeader; total: number } {
  const corrupt = (why: string) => new Error(`Checkpoint ${path} is corrupt: ${why}`);
  if (!isObject(h)) throw corrupt(`the header is ${show(h)}, expected an object`);
  if (h.version !== 1) throw new Error(`Checkpoint ${path} has version ${show(h.version)}; this build reads version 1`);
  if (!isObject(h.state)) throw corrupt(`state is ${show(h.state)}, expected an object`);
  if (!Array.isArray(h.tensors)) throw corrupt(`tensors is ${show(h.tensors)}, expected an array`);
  const names = new Set<string>();
  const entries = h.tensors.map((t: unknown, i) => {
    if (!isObject(t)) throw corrupt(`tensors[${i}] is ${show(t)}, expected an object`);
    if (typeof t.name !== 'string' || !t.name) throw corrupt(`tensors[${i}].name is ${show(t.name)}, expected a non-empty string`);
    const at = `tensors[${i}] ('${t.name}')`;
    if (names.has(t.name)) throw corrupt(`${at} repeats a name`);
    names.add(t.name);
    if (!Array.isArray(t.shape) || !t.shape.every(isCount)) throw corrupt(`${at} has shape ${show(t.shape)}, expected an array of non-negative integers`);
    for (const k of ['offset', 'length'] as const)
      if (!isCount(t[k])) throw corrupt(`${at} has ${k} ${show(t[k])}, expected a non-negative integer`);
    const size = (t.shape as number[]).reduce((a, b) => a * b, 1);
    if (size !== t.length) throw corrupt(`${at} has shape ${show(t.shape)} (${size} values) but length ${t.length}`);
    return { at, t: t as unknown as CheckpointHeader['tensors'][number] };
  });
  const total = entries.reduce((n, e) => n + e.t.length, 0);
  // In range and disjoint: with `total` values of data, the tensors then tile it exactly.
  let prev: (typeof entries)[number] | null = null;
  for (const e of [...entries].sort((a, b) => a.t.offset - b.t.offset)) {
    const end = e.t.offset + e.t.length;
    if (end > total) throw corrupt(`${e.at} spans values ${e.t.offset} to ${end}, past the ${total} in the file`);
    if (e.t.length === 0) continue;
    if (prev && e.t.offset < prev.t.offset + prev.t.length) throw corrupt(`${e.at} overlaps ${prev.at}`);
    prev = e;
  }
  return { header: { version: 1, state: h.state, tensors: entries.map((e) => e.t) }, total };
}

export function loadCheckpoint(path: string): LoadedCheckpoint {
  let buf: Buffer;
  try {
    buf = readFileSync(path);
  } catch (e) {
    throw new Error(`Cannot read checkpoint ${path}: ${(e as Error).message}`);
  }
  if (buf.length < MAGIC.length + 4 || buf.toString('latin1', 0, MAGIC.length) !== MAGIC)
    throw new Error(`${path} is not a simsiam-node checkpoint`);
  const truncated = (why: string) => new Error(`Checkpoint ${path} is truncated or corrupt (${why})`);
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const dataStart = MAGIC.length + 4 + headerLength;
  if (dataStart > buf.length) throw truncated(`header of ${headerLength} bytes runs past the end of the file of ${buf.length}`);
  let parsed: unknown;
  try {
    parsed = JSON.parse(buf.toString('utf8', MAGIC.length + 4, dataStart));
  } catch (e) {
    throw truncated(`bad header: ${(e as Error).message}`);
  }
  const { header, total } = checkHeader(path, parsed);
  if (buf.length !== dataStart + 4 * total) throw truncated(`size ${buf.length}, expected ${dataStart + 4 * total}`);
  // Copy into an aligned buffer: the data section need not start on 4 bytes.
  const data = new Float32Array(total);
  new Uint8Array(data.buffer).set(buf.subarray(dataStart));
  const tensors = new Map<string, Tensor>();
  for (const t of header.tensors) tensors.set(t.name, tf.tensor(data.subarray(t.offset, t.offset + t.length), t.shape, 'float32'));
  return { state: header.state, tensors };
}
