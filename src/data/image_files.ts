// Listing of ImageFolder-style trees: class sub-folders (sorted) holding image
// files at any depth. Hidden entries and other extensions are ignored.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { dirname, extname, join, sep } from 'node:path';
import { errnoText } from './fs_checks.js';

export const IMAGE_EXTENSIONS = ['.jpg', '.jpeg', '.png', '.webp', '.tif', '.tiff', '.gif'];

export function isImageName(name: string): boolean {
  return !name.startsWith('.') && IMAGE_EXTENSIONS.includes(extname(name).toLowerCase());
}

/** Code-unit order, like Python's sorted(): the same on every machine and locale. */
export function sortStrings(values: string[]): string[] {
  return values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** Visible entries, sorted so that which path lists a folder reached twice does not depend on the filesystem. */
async function entries(dir: string): Promise<Dirent[]> {
  const list = (await readdir(dir, { withFileTypes: true })).filter((e) => !e.name.startsWith('.'));
  return list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
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

/** path is outer or lies under it (both real paths). */
function within(outer: string, path: string): boolean {
  return path === outer || path.startsWith(outer.endsWith(sep) ? outer : outer + sep);
}

const LISTED_MAX = 10;
function listed(items: string[]): string {
  const more = items.length > LISTED_MAX ? `\n  ... and ${items.length - LISTED_MAX} more` : '';
  return items.slice(0, LISTED_MAX).map((i) => `\n  ${i}`).join('') + more;
}

/**
 * One dataset's listing, shared by its splits. Symlinked folders are followed
 * (datasets are often assembled from links), but each real folder is listed
 * once, and a link from a class folder into a folder above it or elsewhere in
 * a split (another class, the other split) is skipped with a warning:
 * torchvision's followlinks=True would loop on `ln -s ..`, and the link would
 * give one class or split another's images.
 */
export class FolderWalk {
  /** dev:ino of every folder listed -> the path it was listed as. */
  private readonly seen = new Map<string, string>();
  readonly skippedLinks: string[] = [];
  readonly unreadable: string[] = [];

  private constructor(private readonly splits: string[]) {}

  /** splitDirs: the folders whose sub-folders are classes (train, val). */
  static async create(splitDirs: string[]): Promise<FolderWalk> {
    return new FolderWalk(await Promise.all(splitDirs.map((d) => realpath(d))));
  }

  /** One warning per kind of problem met so far, naming the folders. */
  warn(): void {
    const n = (k: number, what: string) => `${k} ${what}${k === 1 ? '' : 's'}`;
    if (this.skippedLinks.length > 0)
      console.warn(`warning: skipped ${n(this.skippedLinks.length, 'symlinked folder')} (each real folder is listed once, ` +
        `and a class folder takes no images from elsewhere in the dataset):${listed(this.skippedLinks)}`);
    if (this.unreadable.length > 0)
      console.warn(`warning: cannot read ${n(this.unreadable.length, 'folder')}, ${this.unreadable.length === 1 ? 'its' : 'their'} images are left out:${listed(this.unreadable)}`);
    this.skippedLinks.length = 0;
    this.unreadable.length = 0;
  }

  /** Why a link to the real folder target, in the real folder parent of class folder cls, is not followed. */
  private refusal(target: string, parent: string, cls: string): string | null {
    if (within(target, parent)) return 'it leads back up: a loop';
    if (this.splits.some((s) => within(target, s) || (within(s, target) && !within(cls, target))))
      return `it leads out of class folder ${cls}`;
    return null;
  }

  /** False (and noted) when dir was listed before or cannot be read. */
  private async claim(dir: string, shownAs: string): Promise<boolean> {
    let key: string;
    try {
      const s = await stat(dir);
      key = `${s.dev}:${s.ino}`;
    } catch (err) {
      this.unreadable.push(`${dir} (${errnoText(err)})`);
      return false;
    }
    const first = this.seen.get(key);
    if (first !== undefined) {
      this.skippedLinks.push(`${shownAs} (already listed as ${first})`);
      return false;
    }
    this.seen.set(key, dir);
    return true;
  }

  /**
   * Image files of one class folder, sorted; unreadable: folders of it that could not be listed.
   * own: its real path were it not a link; a class folder may link out of the dataset, not within it.
   */
  async classFiles(classDir: string, own: string): Promise<{ files: string[]; unreadable: number }> {
    const before = this.unreadable.length;
    const cls = await realpath(classDir).catch(() => own);
    const files: string[] = [];
    const why = cls === own ? null : this.refusal(cls, dirname(own), own);
    if (why) {
      this.skippedLinks.push(`${classDir} -> ${cls} (${why})`);
      return { files, unreadable: 0 };
    }
    // Links are followed after the plain folders, so a folder reached both ways is listed under its own path.
    const links: Array<{ path: string; parent: string }> = [];
    const visit = async (dir: string, real: string, shownAs: string): Promise<void> => {
      if (!(await this.claim(dir, shownAs))) return;
      let list: Dirent[];
      try {
        list = await entries(dir);
      } catch (err) {
        this.unreadable.push(`${dir} (${errnoText(err)})`);
        return;
      }
      for (const e of list) {
        const path = join(dir, e.name);
        if (e.isDirectory()) await visit(path, join(real, e.name), path);
        else if (e.isSymbolicLink()) {
          const k = await kind(dir, e);
          if (k === 'dir') links.push({ path, parent: real });
          else if (k === 'file' && isImageName(e.name)) files.push(path);
        } else if (e.isFile() && isImageName(e.name)) files.push(path);
      }
    };
    await visit(classDir, cls, classDir);
    for (let i = 0; i < links.length; i++) {  // grows while links are followed
      const { path, parent } = links[i];
      const target = await realpath(path).catch(() => null);
      if (target === null) continue;
      const why = this.refusal(target, parent, cls);
      if (why) this.skippedLinks.push(`${path} -> ${target} (${why})`);
      else await visit(path, target, `${path} -> ${target}`);
    }
    return { files: sortStrings(files), unreadable: this.unreadable.length - before };
  }
}

export interface ClassFolders {
  root: string;
  /** Sorted names of the class sub-folders, including those without images. */
  classNames: string[];
  /** files[c] = sorted image paths of class c. */
  files: string[][];
  /** Class folders with no image and nothing unreadable in them. */
  empty: string[];
  /** Images lying directly in root (not in a class folder): only used for hints. */
  looseImages: number;
}

export async function listClassFolders(root: string, walk: FolderWalk): Promise<ClassFolders> {
  let list: Dirent[];
  try {
    list = await entries(root);
  } catch (err) {
    throw new Error(`Cannot list the class folders of ${root}: ${errnoText(err)}`);
  }
  const classNames: string[] = [];
  let looseImages = 0;
  for (const e of list) {
    const k = await kind(root, e);
    if (k === 'dir') classNames.push(e.name);
    else if (k === 'file' && isImageName(e.name)) looseImages++;
  }
  sortStrings(classNames);
  const real = await realpath(root);
  const files: string[][] = [], empty: string[] = [];
  for (const name of classNames) {  // in order: the first path to reach a folder lists it
    const found = await walk.classFiles(join(root, name), join(real, name));
    files.push(found.files);
    if (found.files.length === 0 && found.unreadable === 0) empty.push(name);
  }
  return { root, classNames, files, empty, looseImages };
}
