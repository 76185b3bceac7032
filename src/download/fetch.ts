// Resumable HTTP(S) download into a `.part` file: a partial file is continued with a
// Range request; a server that answers 200 (Range ignored) or a different range is
// read again from the start. Checksums are the caller's (the bytes may still be wrong).
import { createReadStream, createWriteStream } from 'node:fs';
import { rm, stat } from 'node:fs/promises';
import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { createHash } from 'node:crypto';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';

export interface FetchOptions {
  /** Called as bytes arrive: bytes in the .part file so far, and the full size when the server says. */
  progress?: (received: number, total: number | null) => void;
  /** One-line notes (resuming, restarting). */
  log?: (line: string) => void;
  /** A stalled connection fails after this long without data (default 60 s). */
  idleTimeoutMs?: number;
}

export interface FetchResult {
  bytes: number;
  /** Bytes that were already in the .part file and kept (0: fetched whole). */
  resumedFrom: number;
}

const MAX_REDIRECTS = 5;

async function sizeOf(path: string): Promise<number> {
  try {
    return (await stat(path)).size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return 0;
    throw e;
  }
}

function get(url: string, headers: Record<string, string>, idleTimeoutMs: number, redirects = MAX_REDIRECTS): Promise<IncomingMessage> {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    return Promise.reject(new Error(`Invalid URL ${JSON.stringify(url)}`));
  }
  const lib = u.protocol === 'https:' ? https : u.protocol === 'http:' ? http : null;
  if (!lib) return Promise.reject(new Error(`Unsupported URL ${url} (expected http: or https:)`));
  return new Promise((resolve, reject) => {
    const req = lib.get(u, { headers }, (res) => {
      const status = res.statusCode ?? 0;
      if (status >= 300 && status < 400 && res.headers.location) {
        res.resume();
        if (redirects === 0) return reject(new Error(`Too many redirects fetching ${url}`));
        return resolve(get(new URL(res.headers.location, u).href, headers, idleTimeoutMs, redirects - 1));
      }
      resolve(res);
    });
    // The socket timeout also covers the body: a stall mid-download fails the pipeline.
    req.setTimeout(idleTimeoutMs, () => req.destroy(new Error(`no data for ${idleTimeoutMs / 1000} s`)));
    req.on('error', (e) => reject(new Error(`Cannot fetch ${url}: ${e.message}`)));
  });
}

/** `bytes START-END/TOTAL` -> START and TOTAL (null when `*` or absent). */
function contentRange(header: string | undefined): { start: number; total: number | null } | null {
  const m = /^bytes (\d+)-\d+\/(\d+|\*)$/.exec(header ?? '');
  return m ? { start: Number(m[1]), total: m[2] === '*' ? null : Number(m[2]) } : null;
}

/** Downloads `url` into `part`, continuing what `part` already holds. */
export async function fetchResumable(url: string, part: string, options: FetchOptions = {}): Promise<FetchResult> {
  const idle = options.idleTimeoutMs ?? 60_000;
  let offset = await sizeOf(part);
  const headers: Record<string, string> = { 'User-Agent': 'simsiam-node', 'Accept-Encoding': 'identity' };
  if (offset > 0) options.log?.(`resuming ${part} from ${offset} bytes`);
  const res = await get(url, offset > 0 ? { ...headers, Range: `bytes=${offset}-` } : headers, idle);
  const status = res.statusCode ?? 0;
  if (status === 416 && offset > 0) {
    // Nothing past our end: the file is (most likely) whole already; the checksum decides.
    res.resume();
    return { bytes: offset, resumedFrom: offset };
  }
  let total: number | null;
  if (status === 206 && offset > 0) {
    const range = contentRange(res.headers['content-range']);
    if (!range || range.start !== offset) {
      res.destroy();
      options.log?.(`${url} answered a different range (${res.headers['content-range']}): starting over`);
      await rm(part, { force: true });
      return fetchResumable(url, part, options);
    }
    total = range.total;
  } else if (status === 200) {
    if (offset > 0) options.log?.(`${url} ignores Range requests: starting over`);
    offset = 0;
    const length = Number(res.headers['content-length']);
    total = Number.isFinite(length) && res.headers['content-length'] !== undefined ? length : null;
  } else {
    res.resume();
    throw new Error(`HTTP ${status}${res.statusMessage ? ` ${res.statusMessage}` : ''} fetching ${url}`);
  }
  const resumedFrom = offset;
  let received = offset;
  options.progress?.(received, total);
  const count = new Transform({
    transform(chunk: Buffer, _enc, done) {
      received += chunk.length;
      options.progress?.(received, total);
      done(null, chunk);
    },
  });
  const out = createWriteStream(part, { flags: offset > 0 ? 'a' : 'w' });
  const stopped = (why: string) =>
    new Error(`Download of ${url} stopped after ${received}${total === null ? '' : ` of ${total}`} bytes (${why}); ` +
      `run the command again to resume from ${part}`);
  try {
    await pipeline(res, count, out);
  } catch (e) {
    const err = e as NodeJS.ErrnoException;
    if (err.code === 'ENOSPC') throw new Error(`No space left on the device writing ${part} (${received} bytes so far); free some and run again to resume`);
    if (err.syscall === 'open' || err.syscall === 'write') throw new Error(`Cannot write ${part}: ${err.message}`);
    throw stopped(err.message);
  }
  if (total !== null && received !== total) throw stopped('the connection closed early');
  return { bytes: received, resumedFrom };
}

/** The MD5 of a file, as lowercase hex. */
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  await pipeline(createReadStream(path), hash);
  return hash.digest('hex');
}
