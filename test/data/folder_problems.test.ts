// Folder datasets that are broken in some way: symlink loops and links between
// classes or splits, unreadable and empty class folders, unreadable and
// truncated image files. Each must give a message that names the path.
import { chmodSync, mkdirSync, rmSync, symlinkSync } from 'node:fs';
import { join, sep } from 'node:path';
import sharp from 'sharp';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi, type MockInstance } from 'vitest';
import { decodeImageFile, openDataset, type Dataset } from '../../src/data/index.js';
import type { FolderSplit } from '../../src/data/folder_split.js';
import { raw, tempDir, tinyPng, writeFile, writeImages } from './fixtures.js';

// Tests may run as root, for whom chmod denies nothing: a folder named `locked`
// cannot be listed and a file named `denied.jpg` cannot be opened.
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const denied = (path: unknown, syscall: string) => Object.assign(
    new Error(`EACCES: permission denied, ${syscall} '${String(path)}'`), { code: 'EACCES', errno: -13, syscall, path: String(path) });
  const readdir = ((path: string, options: never) =>
    String(path).endsWith(`${sep}locked`) ? Promise.reject(denied(path, 'scandir')) : fs.readdir(path, options)) as typeof fs.readdir;
  const open = ((path: string, ...rest: never[]) =>
    String(path).endsWith(`${sep}denied.jpg`) ? Promise.reject(denied(path, 'open')) : fs.open(path, ...rest)) as typeof fs.open;
  return { ...fs, default: { ...fs, readdir, open }, readdir, open };
});

const dirs: Array<{ remove: () => void }> = [];
afterAll(() => dirs.forEach((d) => d.remove()));
let png: Buffer;
beforeAll(async () => {
  png = await tinyPng();
});
let warn: MockInstance<typeof console.warn>;
beforeEach(() => {
  warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
});
afterEach(() => warn.mockRestore());
const warnings = () => warn.mock.calls.map((c) => String(c[0]));

function tree(files: string[]): string {
  const d = tempDir();
  dirs.push(d);
  writeImages(d.path, files, png);
  return d.path;
}
const many = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}/img${String(i).padStart(2, '0')}.png`);
const paths = (s: Dataset['train'] | null) => (s as FolderSplit).paths;
/** Paths of every record of class c, train and test. */
const ofClass = (ds: Dataset, c: number) =>
  [ds.train, ds.test!].flatMap((s) => paths(s).filter((_, i) => s.labels[i] === c)).sort();

describe('symlinked folders', () => {
  it('a link to a folder above (ln -s ..) or to a sibling class is skipped, once, with one warning naming each link', async () => {
    const root = tree([...many('x', 18), ...many('y', 3)]);
    symlinkSync('..', join(root, 'x', 'again'));
    symlinkSync('.', join(root, 'x', 'self'));
    symlinkSync('../x', join(root, 'y', 'peek'));
    const ds = await openDataset(`folder:${root}`);
    expect(ds.classNames).toEqual(['x', 'y']);
    expect(ofClass(ds, 0)).toEqual(many('x', 18).map((f) => join(root, f)));
    expect(ofClass(ds, 1)).toEqual(many('y', 3).map((f) => join(root, f)));
    expect(warnings().length).toBe(1);
    const w = warnings()[0];
    expect(w).toMatch(/^warning: skipped 3 symlinked folders /);
    expect(w).toContain(`${join(root, 'x', 'again')} -> ${root} (it leads back up: a loop)`);
    expect(w).toContain(`${join(root, 'x', 'self')} -> ${join(root, 'x')} (it leads back up: a loop)`);
    expect(w).toContain(`${join(root, 'y', 'peek')} -> ${join(root, 'x')} (it leads out of class folder ${join(root, 'y')})`);
  });

  it('a train class cannot take val images through a link, nor val train ones', async () => {
    const root = tree(['train/cat/1.png', 'train/dog/2.png', 'val/cat/3.png', 'val/dog/4.png']);
    symlinkSync('../../val/cat', join(root, 'train', 'cat', 'leak'));
    symlinkSync('../../train', join(root, 'val', 'dog', 'up'));
    const ds = await openDataset(`folder:${root}`);
    expect(paths(ds.train)).toEqual([join(root, 'train/cat/1.png'), join(root, 'train/dog/2.png')]);
    expect(paths(ds.test)).toEqual([join(root, 'val/cat/3.png'), join(root, 'val/dog/4.png')]);
    expect(warnings().length).toBe(1);
    expect(warnings()[0]).toContain(`${join(root, 'train/cat/leak')} -> ${join(root, 'val/cat')} (it leads out of class folder ${join(root, 'train/cat')})`);
    expect(warnings()[0]).toContain(`${join(root, 'val/dog/up')} -> ${join(root, 'train')} (it leads out of class folder ${join(root, 'val/dog')})`);
  });

  it('links out of the dataset are followed, each real folder once; a class folder linked to another class is an error', async () => {
    const ext = tree(['cats/a.png', 'cats/deep/b.png']);
    symlinkSync('..', join(ext, 'cats', 'deep', 'loop'));
    const root = tree(['cat/1.png', 'cat/sub/2.png', 'dog/3.png']);
    symlinkSync(join(ext, 'cats'), join(root, 'cat', 'more'));
    symlinkSync('sub', join(root, 'cat', 'alias'));  // sorts before sub: sub is still listed as itself
    symlinkSync(join(ext, 'cats', 'deep'), join(root, 'dog', 'borrowed'));
    const ds = await openDataset(`folder:${root}`);
    expect(ofClass(ds, 0)).toEqual([join(root, 'cat/1.png'), join(root, 'cat/more/a.png'), join(root, 'cat/more/deep/b.png'), join(root, 'cat/sub/2.png')]);
    expect(ofClass(ds, 1)).toEqual([join(root, 'dog/3.png')]);
    const w = warnings().join('\n');
    expect(w).toContain(`${join(root, 'cat/alias')} -> ${join(root, 'cat/sub')} (already listed as ${join(root, 'cat/sub')})`);
    expect(w).toContain(`${join(root, 'cat/more/deep/loop')} -> ${join(ext, 'cats')} (it leads back up: a loop)`);
    expect(w).toContain(`${join(root, 'dog/borrowed')} -> ${join(ext, 'cats/deep')} (already listed as ${join(root, 'cat/more/deep')})`);

    // A class folder may be a link out of the dataset, not to another class or above.
    symlinkSync(join(ext, 'cats'), join(root, 'b-cats'));
    expect((await openDataset(`folder:${root}`)).classNames).toEqual(['b-cats', 'cat', 'dog']);
    for (const [name, target, why] of [['a-kitty', 'cat', `it leads out of class folder ${join(root, 'a-kitty')}`], ['a-all', '.', 'it leads back up: a loop']]) {
      symlinkSync(target, join(root, name));
      warn.mockClear();
      await expect(openDataset(`folder:${root}`)).rejects.toThrow(`Class folder ${join(root, name)} has no .jpg/`);
      expect(warnings()[0]).toContain(`${join(root, name)} -> ${join(root, target)} (${why})`);
      rmSync(join(root, name));
    }
  });
});

describe('unreadable and empty class folders', () => {
  it('an unreadable class folder is named in a warning and left out; the class keeps its label', async () => {
    const root = tree(['train/a/1.png', 'train/locked/2.png', 'train/z/3.png', 'train/z/locked/4.png', 'val/a/5.png', 'val/z/6.png']);
    const ds = await openDataset(`folder:${root}`);
    expect(ds.classNames).toEqual(['a', 'locked', 'z']);
    expect(paths(ds.train)).toEqual([join(root, 'train/a/1.png'), join(root, 'train/z/3.png')]);
    expect(Array.from(ds.train.labels)).toEqual([0, 2]);
    expect(Array.from(ds.test!.labels)).toEqual([0, 2]);
    expect(warnings()).toEqual([`warning: cannot read 2 folders, their images are left out:\n` +
      `  ${join(root, 'train/locked')} (EACCES: permission denied)\n  ${join(root, 'train/z/locked')} (EACCES: permission denied)`]);
  });

  it('an unreadable dataset folder is an error naming it', async () => {
    const root = tree(['locked/a/1.png']);
    await expect(openDataset(`folder:${join(root, 'locked')}`)).rejects.toThrow(
      `Cannot list the class folders of ${join(root, 'locked')}: EACCES: permission denied`);
  });

  it.skipIf(process.getuid?.() === 0)('a folder or file chmod 000 is left out with a warning (not as root)', async () => {
    const root = tree(['a/1.png', 'a/1b.png', 'b/2.png']);
    const secret = join(root, 'secret.png');
    writeFile(secret, png);
    chmodSync(join(root, 'b'), 0);
    chmodSync(secret, 0);
    try {
      const ds = await openDataset(`folder:${root}`);
      expect(ds.classNames).toEqual(['a', 'b']);
      expect([...paths(ds.train), ...paths(ds.test)].sort()).toEqual([join(root, 'a/1.png'), join(root, 'a/1b.png')]);
      expect(warnings()[0]).toContain(`${join(root, 'b')} (EACCES: permission denied)`);
      expect((await decodeImageFile(secret)).reason).toBe(`cannot read ${secret}: EACCES: permission denied`);
    } finally {
      chmodSync(join(root, 'b'), 0o755);
    }
  });

  it('a class folder without images is an error naming it (hidden folders are not classes)', async () => {
    const flat = tree(['a/1.png', 'c/2.png', '.cache/x.png']);
    writeFile(join(flat, 'b', 'readme.txt'), 'no images');
    mkdirSync(join(flat, '.empty'));
    await expect(openDataset(`folder:${flat}`)).rejects.toThrow(
      `Class folder ${join(flat, 'b')} has no .jpg/.jpeg/.png/.webp/.tif/.tiff/.gif images (every sub-folder of ${flat} is a class: add images or remove it)`);
    mkdirSync(join(flat, 'd'));
    await expect(openDataset(`folder:${flat}`)).rejects.toThrow(`Class folders ${join(flat, 'b')}, ${join(flat, 'd')} have no .jpg/`);

    const split = tree(['train/a/1.png', 'train/b/2.png', 'val/a/3.png']);
    mkdirSync(join(split, 'val', 'b'));
    await expect(openDataset(`folder:${split}`)).rejects.toThrow(`Class folder ${join(split, 'val', 'b')} has no .jpg/`);
    mkdirSync(join(split, 'train', 'c'));
    await expect(openDataset(`folder:${split}`)).rejects.toThrow(`Class folder ${join(split, 'train', 'c')} has no .jpg/`);
  });
});

describe('image files that cannot be decoded', () => {
  it('an unreadable file or a folder named like an image reports the real cause, not an unsupported format', async () => {
    const root = tree([]);
    mkdirSync(join(root, 'folder.jpg'));
    writeFile(join(root, 'denied.jpg'), 'bytes that the mock keeps from being opened');
    expect((await decodeImageFile(join(root, 'folder.jpg'))).reason).toBe(`cannot read ${join(root, 'folder.jpg')}: EISDIR: illegal operation on a directory`);
    expect((await decodeImageFile(join(root, 'denied.jpg'))).reason).toBe(`cannot read ${join(root, 'denied.jpg')}: EACCES: permission denied`);
    expect((await decodeImageFile(join(root, 'gone.jpg'))).reason).toBe(`cannot read ${join(root, 'gone.jpg')}: ENOENT: no such file or directory`);
  });

  it('20 concurrent decodes of a truncated JPEG all say the same: the file is truncated or corrupt', async () => {
    const side = 256, noise = Buffer.alloc(side * side * 3);
    for (let i = 0; i < noise.length; i++) noise[i] = (i * 37) % 251;
    const jpeg = await sharp(noise, raw(side, side)).jpeg().toBuffer();
    const root = tree([]);
    const file = join(root, 'cut.jpg');
    writeFile(file, jpeg.subarray(0, Math.floor(jpeg.length * 0.6)));  // the header is whole: decoding fails part way
    writeImages(root, many('ok', 20), png);
    for (let round = 0; round < 3; round++) {
      const reasons = await Promise.all(Array.from({ length: 20 }, () => decodeImageFile(file)).map((p) => p.then((r) => r.reason)));
      expect(new Set(reasons)).toEqual(new Set([`${file} is truncated or corrupt (VipsJpeg: premature end of JPEG image)`]));
    }
    // Mixed with good files, through a split's read.
    const ds = await openDataset(`folder:${root}`);
    expect(ds.classNames).toEqual(['ok']);
    const split = new (ds.train.constructor as typeof FolderSplit)('train', [...Array(20).fill(file), ...paths(ds.train)], new Int32Array(20 + ds.train.size), ['ok']);
    const r = await split.read(Array.from({ length: split.size }, (_, i) => i));
    expect(r.images.length).toBe(ds.train.size);
    expect(new Set(r.skipped.map((s) => s.reason))).toEqual(new Set([`${file} is truncated or corrupt (VipsJpeg: premature end of JPEG image)`]));
  });
});
