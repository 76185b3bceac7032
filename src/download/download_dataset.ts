// downloadDataset('cifar10', DIR): the official archive, fetched resumably, checked by
// its published MD5 and unpacked so that DIR itself holds the batch files (the archive's
// cifar-10-batches-bin/ folder becomes DIR): train with --data cifar10:DIR.
// Atomic: the archive is unpacked into DIR.extracting and renamed to DIR when whole.
import { createReadStream } from 'node:fs';
import { mkdir, readdir, rename, rm, rmdir, stat } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { createGunzip } from 'node:zlib';
import { makeDirectory } from '../io/make_directory.js';
import { CIFAR10_RECORD_BYTES } from '../data/cifar10.js';
import { fetchResumable, md5File, type FetchOptions } from './fetch.js';
import { extractTar } from './untar.js';

export interface DownloadSource {
  title: string;
  url: string;
  md5: string;
  /** The archive's folder that becomes DIR. */
  folder: string;
  /** Files DIR must hold, each a whole number of records. */
  files: string[];
  recordBytes: number;
}

export const DOWNLOADS: Record<string, DownloadSource> = {
  cifar10: {
    title: 'CIFAR-10',
    url: 'https://www.cs.toronto.edu/~kriz/cifar-10-binary.tar.gz',
    md5: 'c32a1d4ab5d03f1284b67883e8d87530',  // published on https://www.cs.toronto.edu/~kriz/cifar.html
    folder: 'cifar-10-batches-bin',
    files: [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`).concat('test_batch.bin'),
    recordBytes: CIFAR10_RECORD_BYTES,
  },
};

export interface DownloadOptions extends FetchOptions {
  /** A mirror of the archive (default: the official URL). */
  url?: string;
  /** The archive's MD5 (default: the published one). */
  md5?: string;
}

export interface DownloadResult {
  /** The folder holding the files (absolute). */
  dir: string;
  /** The --data value that reads it, e.g. cifar10:/data/cifar10. */
  spec: string;
  /** false: DIR already held the data set and nothing was fetched. */
  downloaded: boolean;
}

/** The files of `source` that `dir` lacks (absent, empty, or not whole records). */
async function lacking(dir: string, source: DownloadSource): Promise<string[]> {
  const out: string[] = [];
  for (const f of source.files) {
    const size = await stat(join(dir, f)).then((s) => (s.isFile() ? s.size : -1), () => -1);
    if (size <= 0 || size % source.recordBytes !== 0) out.push(f);
  }
  return out;
}

async function entries(dir: string): Promise<string[] | null> {
  try {
    return await readdir(dir);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw new Error(`Cannot read ${dir}: ${(e as Error).message}`);
  }
}

/** Fetches (or resumes) and checks the archive; a bad one is deleted. */
async function fetchChecked(url: string, md5: string, part: string, options: FetchOptions): Promise<void> {
  for (;;) {
    const { resumedFrom } = await fetchResumable(url, part, options);
    const got = await md5File(part);
    if (got === md5) return;
    await rm(part, { force: true });
    // A resumed file may have joined two different versions of the archive: fetch it whole once.
    if (resumedFrom > 0) {
      options.log?.(`MD5 of the resumed ${part} is ${got}, not ${md5}: deleted it, fetching ${url} again`);
      continue;
    }
    throw new Error(`Checksum mismatch for ${url}: MD5 ${got}, expected ${md5}; deleted ${part}`);
  }
}

export async function downloadDataset(name: string, dir: string, options: DownloadOptions = {}): Promise<DownloadResult> {
  const source = DOWNLOADS[name];
  if (!source) throw new Error(`Unknown data set '${name}' to download (accepted: ${Object.keys(DOWNLOADS).join(', ')})`);
  const url = options.url ?? source.url;
  const md5 = (options.md5 ?? source.md5).toLowerCase();
  if (!/^[0-9a-f]{32}$/.test(md5)) throw new Error(`Invalid MD5 ${JSON.stringify(options.md5)}: expected 32 hex digits`);
  dir = resolve(dir);
  const result = { dir, spec: `${name}:${dir}` };

  // Already there: DIR itself, or an earlier manual unpack into DIR/<folder> (the reader takes both).
  if ((await lacking(dir, source)).length === 0 || (await lacking(join(dir, source.folder), source)).length === 0)
    return { ...result, downloaded: false };
  const present = await entries(dir);
  if (present && present.length > 0)
    throw new Error(`${dir} exists but is not a complete ${source.title} folder (lacks ${(await lacking(dir, source)).join(', ')}); ` +
      'remove it or choose another folder');

  makeDirectory(dirname(dir), `the folder of ${dir}`);
  const part = `${dir}.tar.gz.part`;
  await fetchChecked(url, md5, part, options);

  const temp = `${dir}.extracting`;
  await rm(temp, { recursive: true, force: true });  // left by an interrupted run
  await mkdir(temp);
  try {
    options.log?.(`unpacking ${part} into ${dir}`);
    // Only plain files directly inside the archive's folder: no other paths are written.
    const destination = (entry: string) => {
      const path = entry.replace(/^\.\//, '');
      const file = path.startsWith(`${source.folder}/`) ? path.slice(source.folder.length + 1) : '';
      return /^[^/\\]+$/.test(file) && file !== '.' && file !== '..' ? join(temp, file) : null;
    };
    await extractTar(createReadStream(part).pipe(createGunzip()), destination, part)
      .catch((e: Error) => { throw /^(Tar archive|Cannot write)/.test(e.message) ? e : new Error(`Cannot unpack ${part}: ${e.message}`); });
    const missing = await lacking(temp, source);
    if (missing.length > 0) throw new Error(`The archive ${url} lacks ${source.folder}/${missing.join(`, ${source.folder}/`)}`);
    if (present) await rmdir(dir);  // empty, checked above
    await rename(temp, dir);
  } catch (e) {
    await rm(temp, { recursive: true, force: true });
    throw e;
  }
  await rm(part, { force: true });
  return { ...result, downloaded: true };
}
