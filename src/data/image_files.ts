// Listing of ImageFolder-style trees: class sub-folders (sorted) holding image
// files at any depth. Hidden entries and other extensions are ignored.
import type { Dirent } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif'];
// Symlinked folders are followed; this bounds a link cycle.
const MAX_DEPTH = 16;

export function isImageName(name: string): boolean {
  return !name.startsWith('.') && IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Code-unit order, like Python's sorted(): the same on every machine and locale. */
export function sortStrings(values: string[]): string[] {
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

async function entries(dir: string): Promise<Dirent[]> {
  return (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
}

async function kind(dir: string, e: Dirent): Promise<'dir' | 'file' | null> {
  if (e.isDirectory()) return 'dir';
  if (e.isFile()) return 'file';
  if (!e.isSymbolicLink()) return null;
  try {
    const s = await stat(join(dir, e.name));
    return s.isDirectory() ? 'dir' : s.isFile() ? 'file' : null;
  } catch {
    return null;  // dangling link
  }
}

/** Image files under dir, recursively, sorted by path. */
export async function imageFilesUnder(dir: string, depth = 0): Promise<string[]> {
  const found: string[] = [];
  const nested: Array<Promise<string[]>> = [];
  for (const e of await entries(dir)) {
    const k = await kind(dir, e);
    if (k === 'file' && isImageName(e.name)) found.push(join(dir, e.name));
    else if (k === 'dir' && depth < MAX_DEPTH) nested.push(imageFilesUnder(join(dir, e.name), depth + 1));
  }
  for (const files of await Promise.all(nested)) found.push(...files);
  return sortStrings(found);
}

export interface ClassFolders {
  root: string;
  /** Sorted names of the sub-folders that hold at least one image. */
  classNames: string[];
  /** files[c] = sorted image paths of class c. */
  files: string[][];
  /** Images lying directly in root (not in a class folder): only used for hints. */
  looseImages: number;
}

export async function listClassFolders(root: string): Promise<ClassFolders> {
  const dirs: string[] = [];
  let looseImages = 0;
  for (const e of await entries(root)) {
    const k = await kind(root, e);
    if (k === 'dir') dirs.push(e.name);
    else if (k === 'file' && isImageName(e.name)) looseImages++;
  }
  sortStrings(dirs);
  const lists = await Promise.all(dirs.map((d) => imageFilesUnder(join(root, d))));
  const classNames: string[] = [], files: string[][] = [];
  dirs.forEach((d, i) => {
    if (lists[i].length === 0) return;
    classNames.push(d);
    files.push(lists[i]);
  });
  return { root, classNames, files, looseImages };
}
