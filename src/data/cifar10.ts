// CIFAR-10 binary batches: records of 1 label byte + 3072 planar bytes
// (1024 R, 1024 G, 1024 B, row-major 32x32). Files are kept whole in memory
// (~150 MB for all six) and records are made interleaved RGB on read.
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { exists, isDirectory, requireDirectory } from './fs_checks.js';
import { MemorySplit } from './memory_split.js';
import type { Dataset, RgbImage } from './types.js';

export const CIFAR10_SIDE = 32;
export const CIFAR10_RECORD_BYTES = 1 + 3 * 32 * 32;
export const CIFAR10_CLASS_NAMES = ['airplane', 'automobile', 'bird', 'cat', 'deer', 'dog', 'frog', 'horse', 'ship', 'truck'];
const TRAIN_FILES = [1, 2, 3, 4, 5].map((i) => `data_batch_${i}.bin`);
const TEST_FILE = 'test_batch.bin';
const META_FILE = 'batches.meta.txt';
// The official archive unpacks into this folder; accept its parent too.
const ARCHIVE_FOLDER = 'cifar-10-batches-bin';

async function readIfExists(path: string): Promise<Buffer | null> {
  try {
    return await readFile(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function checkRecords(path: string, bytes: Buffer): number {
  if (bytes.length % CIFAR10_RECORD_BYTES !== 0)
    throw new Error(`CIFAR-10 file ${path} has ${bytes.length} bytes, not a multiple of the ${CIFAR10_RECORD_BYTES}-byte record (1 label byte + 3072 pixel bytes)`);
  if (bytes.length === 0) throw new Error(`CIFAR-10 file ${path} is empty`);
  const n = bytes.length / CIFAR10_RECORD_BYTES;
  for (let r = 0; r < n; r++) {
    const label = bytes[r * CIFAR10_RECORD_BYTES];
    if (label > 9) throw new Error(`CIFAR-10 file ${path} has label ${label} in record ${r} (expected 0-9)`);
  }
  return n;
}

function planarToRgb(bytes: Buffer, offset: number): RgbImage {
  const plane = CIFAR10_SIDE * CIFAR10_SIDE;
  const data = new Uint8Array(plane * 3);
  for (let p = 0; p < plane; p++) {
    data[3 * p] = bytes[offset + p];
    data[3 * p + 1] = bytes[offset + plane + p];
    data[3 * p + 2] = bytes[offset + 2 * plane + p];
  }
  return { data, height: CIFAR10_SIDE, width: CIFAR10_SIDE };
}

async function splitFrom(name: string, files: Array<{ path: string; bytes: Buffer }>, classNames: string[]): Promise<MemorySplit> {
  const where: Array<{ bytes: Buffer; offset: number }> = [];
  for (const { path, bytes } of files) {
    const n = checkRecords(path, bytes);
    for (let r = 0; r < n; r++) where.push({ bytes, offset: r * CIFAR10_RECORD_BYTES });
  }
  const labels = Int32Array.from(where, (w) => w.bytes[w.offset]);
  return new MemorySplit(name, labels, classNames, (i) => planarToRgb(where[i].bytes, where[i].offset + 1));
}

async function classNamesIn(dir: string): Promise<string[]> {
  const path = join(dir, META_FILE);
  const text = await readIfExists(path);
  if (!text) return CIFAR10_CLASS_NAMES.slice();
  const names = text.toString('utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l.length > 0);
  if (names.length !== 10) throw new Error(`CIFAR-10 file ${path} lists ${names.length} class names (expected 10, one per line)`);
  return names;
}

export async function openCifar10(spec: string, dir: string): Promise<Dataset> {
  await requireDirectory(dir);
  const inner = join(dir, ARCHIVE_FOLDER);
  const hasBatches = (await Promise.all(TRAIN_FILES.map((f) => exists(join(dir, f))))).some(Boolean);
  if (!hasBatches && (await isDirectory(inner))) dir = inner;
  const train: Array<{ path: string; bytes: Buffer }> = [];
  const missing: string[] = [];
  for (const file of TRAIN_FILES) {
    const path = join(dir, file);
    const bytes = await readIfExists(path);
    if (bytes) train.push({ path, bytes });
    else missing.push(file);
  }
  if (train.length === 0)
    throw new Error(`No CIFAR-10 training batches (${TRAIN_FILES[0]} .. ${TRAIN_FILES[4]}) found in ${dir}`);
  const testPath = join(dir, TEST_FILE);
  const testBytes = await readIfExists(testPath);
  if (!testBytes) missing.push(TEST_FILE);
  const classNames = await classNamesIn(dir);
  const dataset: Dataset = {
    spec,
    train: await splitFrom('train', train, classNames),
    test: testBytes ? await splitFrom('test', [{ path: testPath, bytes: testBytes }], classNames) : null,
    numClasses: 10,
    classNames,
    source: { kind: 'cifar10', root: dir },
  };
  // torchvision refuses an incomplete archive; a subset is allowed here (a smaller
  // run), but a half-extracted archive must not pass unnoticed.
  if (missing.length > 0)
    console.warn(`warning: CIFAR-10 folder ${dir} lacks ${missing.join(', ')}: training on ${train.length} of 5 batches` +
      `${testBytes ? '' : ', without a test split'}`);
  return dataset;
}
