// A small streaming tar reader (ustar, GNU long names, pax `path`): enough to unpack
// dataset archives without a dependency or a shell `tar`. Only regular files are
// written, and only where `destination` says; links and devices are skipped.
import { open, type FileHandle } from 'node:fs/promises';

const BLOCK = 512;

/** Bytes off an async stream of chunks, at most `max` at a time. */
class ChunkReader {
  private head: Buffer = Buffer.alloc(0);
  private readonly it: AsyncIterator<Buffer>;
  constructor(source: AsyncIterable<Buffer>) {
    this.it = source[Symbol.asyncIterator]();
  }
  /** Up to `max` bytes; an empty buffer at the end of the stream. */
  async next(max: number): Promise<Buffer> {
    while (this.head.length === 0) {
      const r = await this.it.next();
      if (r.done) return this.head;
      this.head = r.value;
    }
    const out = this.head.subarray(0, max);
    this.head = this.head.subarray(out.length);
    return out;
  }
  /** Exactly `n` bytes, or fewer only at the end of the stream. */
  async exact(n: number): Promise<Buffer> {
    const parts: Buffer[] = [];
    let have = 0;
    while (have < n) {
      const b = await this.next(n - have);
      if (b.length === 0) break;
      parts.push(b);
      have += b.length;
    }
    return parts.length === 1 ? parts[0] : Buffer.concat(parts, have);
  }
}

const text = (b: Buffer, start: number, end: number) => {
  const s = b.subarray(start, end);
  const nul = s.indexOf(0);
  return s.subarray(0, nul < 0 ? s.length : nul).toString('utf8');
};

function octal(b: Buffer, start: number, end: number, what: string, archive: string): number {
  if (b[start] & 0x80) throw new Error(`Tar archive ${archive}: base-256 ${what} fields (entries over 8 GB) are not supported`);
  const s = text(b, start, end).trim();
  const v = s === '' ? 0 : parseInt(s, 8);
  if (!/^[0-7]*$/.test(s) || !Number.isFinite(v)) throw new Error(`Tar archive ${archive}: bad ${what} field ${JSON.stringify(s)}`);
  return v;
}

function checkHeader(h: Buffer, archive: string): void {
  let sum = 0;
  for (let i = 0; i < BLOCK; i++) sum += i >= 148 && i < 156 ? 0x20 : h[i];
  if (sum !== octal(h, 148, 156, 'checksum', archive)) throw new Error(`Tar archive ${archive} is corrupt (a header checksum does not match)`);
}

/** The `path` record of a pax extended header ("<len> path=<value>\n" records). */
function paxPath(data: Buffer): string | null {
  let path: string | null = null;
  for (let at = 0; at < data.length;) {
    const space = data.indexOf(0x20, at);
    const len = parseInt(data.subarray(at, space).toString('utf8'), 10);
    if (space < 0 || !(len > 0)) break;
    const record = data.subarray(space + 1, at + len - 1).toString('utf8');
    if (record.startsWith('path=')) path = record.slice(5);
    at += len;
  }
  return path;
}

/**
 * Unpacks the tar stream `source`: each regular file whose archive name `destination`
 * maps to a path is written there. Returns the archive names written. `archive` names
 * the archive in errors.
 */
export async function extractTar(source: AsyncIterable<Buffer>, destination: (name: string) => string | null, archive: string): Promise<string[]> {
  const reader = new ChunkReader(source);
  const written: string[] = [];
  let nextName: string | null = null;  // from a GNU 'L' or pax 'x' entry, for the entry after it
  for (;;) {
    const h = await reader.exact(BLOCK);
    if (h.length === 0) return written;  // some writers omit the two zero blocks
    if (h.length < BLOCK) throw new Error(`Tar archive ${archive} ends inside a header`);
    if (h.every((v) => v === 0)) return written;
    checkHeader(h, archive);
    const size = octal(h, 124, 136, 'size', archive);
    const type = String.fromCharCode(h[156] || 0x30);
    const prefix = text(h, 257, 262) === 'ustar' ? text(h, 345, 500) : '';
    const name = nextName ?? (prefix ? `${prefix}/${text(h, 0, 100)}` : text(h, 0, 100));
    const padded = Math.ceil(size / BLOCK) * BLOCK;
    if (type === 'L' || type === 'x') {
      const data = (await reader.exact(padded)).subarray(0, size);
      if (data.length < size) throw new Error(`Tar archive ${archive} ends inside an extended header`);
      nextName = type === 'L' ? text(data, 0, data.length) : paxPath(data) ?? nextName;
      continue;
    }
    nextName = null;
    const path = type === '0' || type === '7' ? destination(name) : null;
    // Errors of the files written name them; the archive's own (gunzip) errors pass as they are.
    const cannot = (e: Error): never => { throw new Error(`Cannot write ${path}: ${e.message}`); };
    let file: FileHandle | null = null;
    try {
      if (path !== null) file = await open(path, 'w').catch(cannot);
      for (let left = padded; left > 0;) {
        const b = await reader.next(left);
        if (b.length === 0) throw new Error(`Tar archive ${archive} ends inside ${name} (${size} bytes)`);
        const body = Math.max(0, Math.min(b.length, size - (padded - left)));  // the part before the padding
        for (let done = 0; file && done < body;) {
          const { bytesWritten } = await file.write(b, done, body - done).catch(cannot);
          if (bytesWritten === 0) cannot(new Error('no bytes written (disk full?)'));
          done += bytesWritten;
        }
        left -= b.length;
      }
    } finally {
      await file?.close();
    }
    if (path !== null) written.push(name);
  }
}
