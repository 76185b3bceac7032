// Write-then-rename: a crash, a full disk or a short write leaves the previous
// file in place, never a partial one. Every file the runs write whole goes
// through here (checkpoints, exported models, reports, plots, grids).
import fs from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { makeDirectory } from './make_directory.js';

export type FileBytes = string | Uint8Array | readonly Uint8Array[];

/** The temp file beside `path` (same folder: rename is only atomic within one filesystem). */
export function tempPathFor(path: string, pid = process.pid): string {
  return `${path}.tmp-${pid}`;
}

/**
 * Writes `data` (chunks are written in order, never concatenated) to `path` atomically.
 * `what` names the file in errors: "Cannot write checkpoint <path>: ENOSPC: ...".
 */
export function writeFileAtomicSync(path: string, data: FileBytes, what = 'file'): void {
  const chunks = typeof data === 'string' ? [Buffer.from(data)] : data instanceof Uint8Array ? [data] : data;
  const expected = chunks.reduce((n, c) => n + c.byteLength, 0);
  const tmp = tempPathFor(path);
  let fd: number | null = null;
  try {
    makeDirectory(dirname(path));
    fd = fs.openSync(tmp, 'w');
    for (const c of chunks)
      for (let done = 0; done < c.byteLength;) {
        // A write may take fewer bytes than asked (a disk filling up); 0 would loop forever.
        const n = fs.writeSync(fd, c, done, c.byteLength - done);
        if (!(n > 0)) throw new Error(`no bytes written (${expected} to write)`);
        done += n;
      }
    fs.fsyncSync(fd);
    const size = fs.fstatSync(fd).size;
    if (size !== expected) throw new Error(`the temp file holds ${size} bytes, expected ${expected}`);
    fs.closeSync(fd);
    fd = null;
    fs.renameSync(tmp, path);
  } catch (e) {
    if (fd !== null) try { fs.closeSync(fd); } catch { /* already failing */ }
    try { fs.rmSync(tmp, { force: true }); } catch { /* report the first error */ }
    throw failure(what, path, e);
  }
  // The rename itself is durable only once the folder is synced.
  let dirFd: number | null = null;
  try {
    dirFd = fs.openSync(dirname(path), 'r');
    fs.fsyncSync(dirFd);
  } catch (e) {
    // Some platforms and filesystems cannot sync a folder (Windows: EISDIR/EPERM).
    if (!['EISDIR', 'EPERM', 'EINVAL', 'ENOTSUP', 'EBADF'].includes((e as NodeJS.ErrnoException).code ?? '')) throw failure(what, path, e);
  } finally {
    if (dirFd !== null) fs.closeSync(dirFd);
  }
}

/** writeFileAtomicSync for async callers (same implementation). */
export async function writeFileAtomic(path: string, data: FileBytes, what = 'file'): Promise<void> {
  writeFileAtomicSync(path, data, what);
}

function failure(what: string, path: string, e: unknown): Error {
  const err = new Error(`Cannot write ${what} ${path}: ${(e as Error).message}`, { cause: e });
  return Object.assign(err, { code: (e as NodeJS.ErrnoException).code });
}

function alive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';  // exists, owned by another user
  }
}

/**
 * Removes temp files of `path` left by processes that died mid-write (`<name>.tmp-<pid>`,
 * pid no longer running); those of live processes may still be in use and are kept.
 * Returns the removed paths.
 */
export function removeStaleTempFiles(path: string): string[] {
  const dir = dirname(path), prefix = `${basename(path)}.tmp-`;
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];  // no folder, no temp files
  }
  const removed: string[] = [];
  for (const name of names) {
    const pid = name.startsWith(prefix) && /^[1-9]\d*$/.test(name.slice(prefix.length)) ? Number(name.slice(prefix.length)) : 0;
    if (!pid || alive(pid)) continue;
    fs.rmSync(join(dir, name), { force: true });
    removed.push(join(dir, name));
  }
  return removed;
}
