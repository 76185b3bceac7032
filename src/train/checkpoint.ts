// Checkpoint files: one file holding a JSON header (config, epoch/step, RNG
// state, tensor index) and the raw float32 data, written to a temporary file
// and renamed into place, so an interrupted write never replaces a good one.
//   "SIMSIAMCKPT1\n" | uint32 LE header length | header JSON | tensor bytes
import { closeSync, fsyncSync, openSync, readFileSync, renameSync, unlinkSync, writeSync } from 'node:fs';
import type { Tensor } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';

const MAGIC = 'SIMSIAMCKPT1\n';

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
  const tmp = `${path}.tmp-${process.pid}`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, prefix);
    writeSync(fd, header);
    for (const c of chunks) writeSync(fd, new Uint8Array(c.buffer, c.byteOffset, c.byteLength));
    fsyncSync(fd);
  } catch (e) {
    closeSync(fd);
    unlinkSync(tmp);
    throw e;
  }
  closeSync(fd);
  renameSync(tmp, path);
}

export interface LoadedCheckpoint {
  state: Record<string, unknown>;
  tensors: Map<string, Tensor>;
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
  const headerLength = buf.readUInt32LE(MAGIC.length);
  const dataStart = MAGIC.length + 4 + headerLength;
  let header: CheckpointHeader;
  try {
    header = JSON.parse(buf.toString('utf8', MAGIC.length + 4, dataStart));
  } catch {
    throw new Error(`Checkpoint ${path} is truncated or corrupt (bad header)`);
  }
  const total = header.tensors.reduce((n, t) => n + t.length, 0);
  if (buf.length !== dataStart + 4 * total) throw new Error(`Checkpoint ${path} is truncated or corrupt (size ${buf.length}, expected ${dataStart + 4 * total})`);
  // Copy into an aligned buffer: the data section need not start on 4 bytes.
  const data = new Float32Array(total);
  new Uint8Array(data.buffer).set(buf.subarray(dataStart));
  const tensors = new Map<string, Tensor>();
  for (const t of header.tensors) tensors.set(t.name, tf.tensor(data.subarray(t.offset, t.offset + t.length), t.shape, 'float32'));
  return { state: header.state, tensors };
}
