import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { openDataset } from '../../src/data/index.js';
import { downloadDataset } from '../../src/download/download_dataset.js';
import { downloadCommand } from '../../src/cli/download_command.js';
import { cifarFile, tempDir } from './fixtures.js';

/** A ustar archive of `files` (name -> bytes; a name ending in '/' is a folder). */
function tar(files: Array<[string, Uint8Array | null]>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, bytes] of files) {
    const h = Buffer.alloc(512);
    h.write(name, 0, 'utf8');
    h.write('0000644\0', 100);
    h.write('0000000\0', 108);
    h.write('0000000\0', 116);
    h.write(`${(bytes?.length ?? 0).toString(8).padStart(11, '0')}\0`, 124);
    h.write('00000000000\0', 136);
    h.write(bytes ? '0' : '5', 156);
    h.write('ustar\x0000', 257);
    h.fill(0x20, 148, 156);
    let sum = 0;
    for (const v of h) sum += v;
    h.write(`${sum.toString(8).padStart(6, '0')}\0 `, 148);
    blocks.push(h);
    if (bytes) blocks.push(Buffer.from(bytes), Buffer.alloc((512 - (bytes.length % 512)) % 512));
  }
  return Buffer.concat([...blocks, Buffer.alloc(1024)]);
}

const FOLDER = 'cifar-10-batches-bin';
const batches: Array<[string, number[]]> = [
  ['data_batch_1.bin', [3, 1]], ['data_batch_2.bin', [4]], ['data_batch_3.bin', [1, 5]],
  ['data_batch_4.bin', [9]], ['data_batch_5.bin', [2, 6]], ['test_batch.bin', [5, 3, 5]],
];
const archive = gzipSync(tar([
  [`${FOLDER}/`, null],
  ...batches.map(([f, labels], i): [string, Uint8Array] => [`${FOLDER}/${f}`, cifarFile(labels, 10 * i)]),
  [`${FOLDER}/batches.meta.txt`, Buffer.from('airplane\nautomobile\nbird\ncat\ndeer\ndog\nfrog\nhorse\nship\ntruck\n')],
  ['outside.bin', Buffer.from('not extracted')],
]));
const md5 = createHash('md5').update(archive).digest('hex');

/** How the server answers: 'ok' honours Range, 'truncate' sends half then drops the socket, 'ignore-range' always sends 200. */
type Mode = 'ok' | 'truncate' | 'ignore-range' | '404';
let mode: Mode[] = [];
let ranges: Array<string | undefined> = [];
let server: http.Server;
let url: string;
beforeAll(async () => {
  server = http.createServer((req, res) => {
    const m = mode.shift() ?? 'ok';
    ranges.push(req.headers.range);
    if (m === '404') return res.writeHead(404).end();
    const range = m !== 'ignore-range' ? /^bytes=(\d+)-$/.exec(req.headers.range ?? '') : null;
    const start = range ? Number(range[1]) : 0;
    if (range) res.writeHead(206, { 'content-length': archive.length - start, 'content-range': `bytes ${start}-${archive.length - 1}/${archive.length}` });
    else res.writeHead(200, { 'content-length': archive.length });
    if (m === 'truncate') {
      res.write(archive.subarray(start, start + Math.floor((archive.length - start) / 2)), () => setTimeout(() => res.destroy(), 20));
    } else res.end(archive.subarray(start));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/cifar-10-binary.tar.gz`;
});
afterAll(() => new Promise((r) => server.close(r)));

const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));
function parent(): string {
  const d = tempDir();
  dirs.push(d);
  return d.path;
}
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  mode = [];
  ranges = [];
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());

async function expectReadable(dir: string): Promise<void> {
  expect(readdirSync(dir).sort()).toEqual([...batches.map(([f]) => f), 'batches.meta.txt'].sort());
  const ds = await openDataset(`cifar10:${dir}`);
  expect(Array.from(ds.train.labels)).toEqual([3, 1, 4, 1, 5, 9, 2, 6]);
  expect(Array.from(ds.test!.labels)).toEqual([5, 3, 5]);
  expect(warn).not.toHaveBeenCalled();
}

describe('downloadDataset(cifar10)', () => {
  it('downloads, checks the MD5 and unpacks the archive folder as DIR; a complete DIR is not fetched again', async () => {
    const dir = join(parent(), 'nested', 'cifar10');
    const r = await downloadDataset('cifar10', dir, { url, md5 });
    expect(r).toEqual({ dir, spec: `cifar10:${dir}`, downloaded: true });
    await expectReadable(dir);
    expect(existsSync(`${dir}.tar.gz.part`)).toBe(false);
    expect(existsSync(`${dir}.extracting`)).toBe(false);
    expect(existsSync(join(dir, '..', 'outside.bin'))).toBe(false);
    expect(await downloadDataset('cifar10', dir, { url, md5 })).toEqual({ dir, spec: `cifar10:${dir}`, downloaded: false });
    expect(ranges).toHaveLength(1);
  });

  it('a download cut short keeps the .part file and the next run resumes it with a Range request', async () => {
    const dir = join(parent(), 'c10');
    mode = ['truncate'];
    await expect(downloadDataset('cifar10', dir, { url, md5 })).rejects.toThrow(/Download of http:\/\/127\.0\.0\.1:\d+\/cifar-10-binary\.tar\.gz stopped after .*run the command again to resume/);
    const half = statSync(`${dir}.tar.gz.part`).size;
    expect(half).toBeGreaterThan(0);
    expect(half).toBeLessThan(archive.length);
    expect(existsSync(dir)).toBe(false);
    const log: string[] = [];
    expect((await downloadDataset('cifar10', dir, { url, md5, log: (l) => log.push(l) })).downloaded).toBe(true);
    expect(ranges).toEqual([undefined, `bytes=${half}-`]);
    expect(log[0]).toContain(`resuming ${dir}.tar.gz.part from ${half} bytes`);
    await expectReadable(dir);
  });

  it('starts over when the server ignores Range', async () => {
    const dir = join(parent(), 'c10');
    mode = ['truncate', 'ignore-range'];
    await expect(downloadDataset('cifar10', dir, { url, md5 })).rejects.toThrow(/stopped after/);
    const log: string[] = [];
    await downloadDataset('cifar10', dir, { url, md5, log: (l) => log.push(l) });
    expect(ranges[1]).toMatch(/^bytes=\d+-$/);
    expect(log.join('\n')).toContain('ignores Range requests: starting over');
    await expectReadable(dir);
  });

  it('a checksum mismatch names the URL and both sums, deletes the .part file and unpacks nothing', async () => {
    const root = parent();
    const dir = join(root, 'c10');
    const wrong = '0123456789abcdef0123456789abcdef';
    await expect(downloadDataset('cifar10', dir, { url, md5: wrong }))
      .rejects.toThrow(`Checksum mismatch for ${url}: MD5 ${md5}, expected ${wrong}; deleted ${dir}.tar.gz.part`);
    expect(readdirSync(root)).toEqual([]);
  });

  it('a resumed file with a bad checksum is fetched whole once more', async () => {
    const dir = join(parent(), 'c10');
    writeFileSync(`${dir}.tar.gz.part`, Buffer.alloc(100, 7));  // not the archive's first bytes
    await downloadDataset('cifar10', dir, { url, md5 });
    expect(ranges).toEqual(['bytes=100-', undefined]);
    await expectReadable(dir);
  });

  it('HTTP errors and refused connections name the URL; a non-empty incomplete DIR is refused', async () => {
    const root = parent();
    mode = ['404'];
    await expect(downloadDataset('cifar10', join(root, 'a'), { url, md5 })).rejects.toThrow(`HTTP 404 Not Found fetching ${url}`);
    await expect(downloadDataset('cifar10', join(root, 'b'), { url: 'http://127.0.0.1:1/x.tar.gz', md5 })).rejects.toThrow(/Cannot fetch http:\/\/127\.0\.0\.1:1\/x\.tar\.gz: .*ECONNREFUSED/);
    const dir = join(root, 'c');
    await downloadDataset('cifar10', dir, { url, md5 });
    writeFileSync(join(dir, 'data_batch_2.bin'), Buffer.alloc(10));
    await expect(downloadDataset('cifar10', dir, { url, md5 })).rejects.toThrow(`${dir} exists but is not a complete CIFAR-10 folder (lacks data_batch_2.bin)`);
    await expect(downloadDataset('mnist', dir)).rejects.toThrow("Unknown data set 'mnist' to download (accepted: cifar10)");
    await expect(downloadDataset('cifar10', dir, { md5: 'abc' })).rejects.toThrow('Invalid MD5 "abc"');
  });

  it('a corrupt archive with the right checksum fails naming it and leaves no partial folder', async () => {
    const root = parent();
    const dir = join(root, 'c10');
    const bad = http.createServer((_req, res) => res.end(Buffer.from('not gzip at all')));
    await new Promise<void>((r) => bad.listen(0, '127.0.0.1', r));
    try {
      const badUrl = `http://127.0.0.1:${(bad.address() as AddressInfo).port}/a.tar.gz`;
      const sum = createHash('md5').update('not gzip at all').digest('hex');
      await expect(downloadDataset('cifar10', dir, { url: badUrl, md5: sum })).rejects.toThrow(`Cannot unpack ${dir}.tar.gz.part: incorrect header check`);
      expect(readdirSync(root)).toEqual(['c10.tar.gz.part']);
    } finally {
      await new Promise((r) => bad.close(r));
    }
  });

  it('simsiam download cifar10 DIR --url --md5 prints the --data value', async () => {
    const dir = join(parent(), 'c10');
    const out = vi.spyOn(console, 'log').mockImplementation(() => {});
    const err = vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
    try {
      expect(await downloadCommand(['cifar10', dir, '--url', url, '--md5', md5])).toBe(0);
      expect(out).toHaveBeenLastCalledWith(`CIFAR-10 is in ${dir}: use --data cifar10:${dir}`);
      expect(await downloadCommand(['cifar10', dir, '--url', url, '--md5', md5])).toBe(0);
      expect(out).toHaveBeenLastCalledWith(`${dir} already holds CIFAR-10 (nothing fetched): use --data cifar10:${dir}`);
      await expect(downloadCommand(['imagenet', dir])).rejects.toThrow("unknown data set 'imagenet'");
    } finally {
      out.mockRestore();
      err.mockRestore();
    }
    await expectReadable(dir);
  });
});
