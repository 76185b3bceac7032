import { afterEach, describe, expect, it, vi } from 'vitest';
import fs, { mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { syncBuiltinESMExports } from 'node:module';
import { spawnSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fillDiskAfter } from './full_disk.js';
import { removeStaleTempFiles, tempPathFor, writeFileAtomic, writeFileAtomicSync } from '../../src/io/atomic_write.js';

afterEach(() => {
  vi.restoreAllMocks();
  syncBuiltinESMExports();
});

describe('atomic file writes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'simsiam-atomic-'));

  it('writes every chunk in full through short writes', async () => {
    const path = join(dir, 'short.bin');
    const real = fs.writeSync;
    vi.spyOn(fs, 'writeSync').mockImplementation(((fd: number, buf: Uint8Array, offset = 0, length?: number) =>
      real(fd, buf, offset, Math.min(3, length ?? buf.byteLength - offset))) as typeof fs.writeSync);
    syncBuiltinESMExports();
    writeFileAtomicSync(path, [Buffer.from('hello, '), new Uint8Array(new Float32Array([1.5, -2]).buffer)]);
    await writeFileAtomic(join(dir, 'short.txt'), 'text that takes several writes');
    vi.restoreAllMocks();
    expect(readFileSync(path)).toEqual(Buffer.concat([Buffer.from('hello, '), Buffer.from(new Float32Array([1.5, -2]).buffer)]));
    expect(readFileSync(join(dir, 'short.txt'), 'utf8')).toBe('text that takes several writes');
    expect(readdirSync(dir).filter((f) => f.includes('.tmp'))).toEqual([]);
  });

  it('a full disk keeps the old file, removes the temp file and names the target', () => {
    const path = join(dir, 'full.json');
    writeFileSync(path, 'old contents');
    fillDiskAfter(10);
    expect(() => writeFileAtomicSync(path, 'x'.repeat(100), 'report'))
      .toThrow(`Cannot write report ${path}: ENOSPC: no space left on device, write`);
    vi.restoreAllMocks();
    syncBuiltinESMExports();
    expect(readFileSync(path, 'utf8')).toBe('old contents');
    expect(readdirSync(dir).filter((f) => f.startsWith('full.json.'))).toEqual([]);
  });

  it('a write that makes no progress is an error, not a loop', () => {
    const path = join(dir, 'stuck.bin');
    vi.spyOn(fs, 'writeSync').mockReturnValue(0);
    syncBuiltinESMExports();
    expect(() => writeFileAtomicSync(path, new Uint8Array(8), 'checkpoint')).toThrow(`Cannot write checkpoint ${path}: no bytes written`);
    expect(readdirSync(dir).filter((f) => f.startsWith('stuck.bin'))).toEqual([]);
  });

  it('removes temp files of dead processes only', () => {
    const path = join(dir, 'ckpt');
    const dead = spawnSync(process.execPath, ['-e', '']).pid!;
    for (const pid of [dead, process.pid, process.ppid]) writeFileSync(tempPathFor(path, pid), 'partial');
    writeFileSync(`${path}.tmp-notapid`, 'not ours');
    writeFileSync(join(dir, `other.tmp-${dead}`), 'another target');
    expect(removeStaleTempFiles(path)).toEqual([tempPathFor(path, dead)]);
    expect(readdirSync(dir).filter((f) => f.includes('.tmp-')).sort())
      .toEqual([`ckpt.tmp-${process.pid}`, `ckpt.tmp-${process.ppid}`, 'ckpt.tmp-notapid', `other.tmp-${dead}`].sort());
    expect(removeStaleTempFiles(join(dir, 'missing-folder', 'x'))).toEqual([]);
  });
});
