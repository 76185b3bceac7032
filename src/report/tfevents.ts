// TensorBoard event files (events.out.tfevents.<unix time>.<host>) written by
// hand, so `tensorboard --logdir runs` shows a run without a TensorFlow
// dependency. A file is a sequence of TFRecords (uint64 length, masked CRC32C
// of the length, data, masked CRC32C of the data) holding Event protobufs; the
// first says file_version "brain.Event:2", each later one carries scalars.
import { closeSync, existsSync, ftruncateSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

export function crc32c(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC32C_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord's masked CRC: rotated and offset so a CRC of data holding CRCs stays well distributed. */
export function maskedCrc32c(bytes: Uint8Array): number {
  const c = crc32c(bytes);
  return ((((c >>> 15) | (c << 17)) >>> 0) + 0xa282ead8) >>> 0;
}

export function tfRecord(data: Uint8Array): Buffer {
  const out = Buffer.alloc(16 + data.length);
  out.writeBigUInt64LE(BigInt(data.length), 0);
  out.writeUInt32LE(maskedCrc32c(out.subarray(0, 8)), 8);
  out.set(data, 12);
  out.writeUInt32LE(maskedCrc32c(data), 12 + data.length);
  return out;
}

/** Byte lengths of the whole, intact records at the start of `buf` (a torn or corrupt tail ends the list). */
export function recordLengths(buf: Buffer): number[] {
  const lengths: number[] = [];
  for (let at = 0; at + 16 <= buf.length; ) {
    const n = Number(buf.readBigUInt64LE(at));
    if (buf.readUInt32LE(at + 8) !== maskedCrc32c(buf.subarray(at, at + 8)) || at + 16 + n > buf.length) break;
    if (buf.readUInt32LE(at + 12 + n) !== maskedCrc32c(buf.subarray(at + 12, at + 12 + n))) break;
    lengths.push(16 + n);
    at += 16 + n;
  }
  return lengths;
}

// Protobuf: key = field number << 3 | wire type (0 varint, 1 fixed64, 2 length-delimited, 5 fixed32).
function varint(v: number): number[] {
  const out: number[] = [];
  for (let x = BigInt(v); ; ) {
    const low = Number(x & 0x7fn);
    x >>= 7n;
    if (x === 0n) return out.push(low), out;
    out.push(low | 0x80);
  }
}
const bytesField = (field: number, data: Uint8Array) => Buffer.concat([Buffer.from([...varint((field << 3) | 2), ...varint(data.length)]), data]);

/** Event{wall_time, step, summary{value{tag, simple_value}}}, or Event{wall_time, file_version}. */
export function encodeEvent(wallTime: number, step: number, scalars: Record<string, number> | { fileVersion: string }): Buffer {
  const head = Buffer.alloc(9);
  head[0] = (1 << 3) | 1;
  head.writeDoubleLE(wallTime, 1);
  if ('fileVersion' in scalars) return Buffer.concat([head, bytesField(3, Buffer.from(scalars.fileVersion as string))]);
  const values = Object.entries(scalars).map(([tag, v]) => {
    const f = Buffer.alloc(5);
    f[0] = (2 << 3) | 5;
    f.writeFloatLE(v, 1);
    return bytesField(1, Buffer.concat([bytesField(1, Buffer.from(tag)), f]));
  });
  return Buffer.concat([head, Buffer.from([(2 << 3) | 0, ...varint(step)]), bytesField(5, Buffer.concat(values))]);
}

export const isEventsFile = (name: string) => name.startsWith('events.out.tfevents.');

/** The run's event files in the order TensorBoard reads them (by name, i.e. by start time). */
export function eventsFiles(dir: string): string[] {
  return existsSync(dir) ? readdirSync(dir).filter(isEventsFile).sort().map((f) => join(dir, f)) : [];
}

/**
 * Keeps the first `keep` scalar events of the run's event files, in file order, and drops the rest, a torn
 * tail, and files left with none. TensorBoard would otherwise show the steps a crashed run logged after its
 * checkpoint twice once the resumed run logs them again.
 */
export function cutEventsBack(dir: string, keep: number): void {
  for (const path of eventsFiles(dir)) {
    const lengths = recordLengths(readFileSync(path));
    const kept = Math.min(Math.max(lengths.length - 1, 0), keep);  // record 0 is the file_version
    keep -= kept;
    if (kept === 0) rmSync(path, { force: true });
    else {
      const fd = openSync(path, 'r+');
      try {
        ftruncateSync(fd, lengths.slice(0, kept + 1).reduce((a, b) => a + b, 0));
      } finally {
        closeSync(fd);
      }
    }
  }
}

/** A new event file in `dir`, created on the first write. */
export class EventsWriter {
  private fd: number | null = null;
  path = '';

  constructor(readonly dir: string) {}

  private open(wallTime: number): number {
    const base = join(this.dir, `events.out.tfevents.${Math.floor(wallTime)}.${hostname()}`);
    // A second run started in the same second gets a suffix that sorts after the first's file.
    for (let n = 0; ; n++) {
      this.path = n ? `${base}.${n}` : base;
      try {
        this.fd = openSync(this.path, 'wx');
        break;
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
      }
    }
    this.write(tfRecord(encodeEvent(wallTime, 0, { fileVersion: 'brain.Event:2' })));
    return this.fd;
  }

  private write(bytes: Buffer): void {
    for (let done = 0; done < bytes.length; ) done += writeSync(this.fd!, bytes, done, bytes.length - done);
  }

  scalars(step: number, values: Record<string, number>, wallTime = Date.now() / 1000): void {
    if (this.fd === null) this.open(wallTime);
    this.write(tfRecord(encodeEvent(wallTime, step, values)));
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
