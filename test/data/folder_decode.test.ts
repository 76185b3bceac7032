// Decoding of every pixel format the folder source meets, and skipping of bad files.
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BatchLoader, decodeImageFile, openDataset, type Dataset, type RgbImage } from '../../src/data/index.js';
import type { FolderSplit } from '../../src/data/folder_split.js';
import { raw, solid, tempDir, writeFile } from './fixtures.js';

const tmp = tempDir();
afterAll(() => tmp.remove());
const train = (cls: string, name: string) => join(tmp.path, 'train', cls, name);

const W = 6, H = 4;
/** Pixel (x, y) of the reference pattern. */
const pattern = (x: number, y: number): [number, number, number] => [x * 40 + 5, y * 60 + 7, 200 - x * 10 - y * 5];
function patternRaw(): Buffer {
  const b = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) b.set(pattern(x, y), (y * W + x) * 3);
  return b;
}
const greyValue = (i: number) => (i * 11) % 256;

function pixel(img: RgbImage, x: number, y: number): number[] {
  const i = (y * img.width + x) * 3;
  return Array.from(img.data.subarray(i, i + 3));
}

beforeAll(async () => {
  const rgb = patternRaw();
  writeFile(train('colour', 'rgb.png'), await sharp(rgb, raw(W, H)).png().toBuffer());
  writeFile(train('colour', 'rgb16.png'), await sharp(rgb, raw(W, H)).toColourspace('rgb16').png().toBuffer());
  writeFile(train('colour', 'lossless.WEBP'), await sharp(rgb, raw(W, H)).webp({ lossless: true }).toBuffer());
  writeFile(train('colour', 'scan.tif'), await sharp(rgb, raw(W, H)).tiff({ compression: 'lzw' }).toBuffer());
  writeFile(train('colour', 'photo.JPG'), await sharp(solid(16, 16, [200, 40, 60]), raw(16, 16)).jpeg({ quality: 100 }).toBuffer());
  const grey = Buffer.from(Array.from({ length: W * H }, (_, i) => greyValue(i)));
  writeFile(train('grey', 'grey.png'), await sharp(grey, raw(W, H, 1)).toColourspace('b-w').png().toBuffer());
  writeFile(train('grey', 'grey16.png'), await sharp(grey, raw(W, H, 1)).toColourspace('grey16').png().toBuffer());
  const rgba = Buffer.alloc(W * H * 4);
  for (let i = 0; i < W * H; i++) rgba.set([90, 120, 150, i % 2 === 0 ? 255 : 0], i * 4);
  writeFile(train('alpha', 'rgba.png'), await sharp(rgba, raw(W, H, 4)).png().toBuffer());
  writeFile(train('alpha', 'anim.gif'), await sharp(solid(8, 8, [0, 0, 255]), raw(8, 8)).gif().toBuffer());
  writeFile(train('print', 'cmyk.jpg'), await sharp(solid(16, 16, [220, 30, 30]), raw(16, 16)).toColourspace('cmyk').jpeg({ quality: 100 }).toBuffer());
  // 32 wide x 16 high, left half red, right half blue, EXIF orientation 6 (rotate 90 degrees clockwise to view).
  const lr = Buffer.alloc(32 * 16 * 3);
  for (let y = 0; y < 16; y++) for (let x = 0; x < 32; x++) lr.set(x < 16 ? [255, 0, 0] : [0, 0, 255], (y * 32 + x) * 3);
  writeFile(train('print', 'rotated.jpg'), await sharp(lr, raw(32, 16)).jpeg({ quality: 100 }).withMetadata({ orientation: 6 }).toBuffer());
  const jpeg = await sharp(solid(64, 64, [1, 2, 3]), raw(64, 64)).jpeg().toBuffer();
  writeFile(train('broken', 'truncated.jpg'), jpeg.subarray(0, jpeg.length >> 1));
  writeFile(train('broken', 'empty.jpg'), new Uint8Array(0));
  writeFile(train('broken', 'text.jpg'), 'this is a text file, not a JPEG\n');
  writeFile(train('broken', 'fine.png'), await sharp(rgb, raw(W, H)).png().toBuffer());
  writeFile(train('broken', 'notes.txt'), 'ignored: not an image extension');
  writeFile(train('broken', '.hidden.png'), 'ignored: hidden');
  writeFile(join(tmp.path, 'val', 'colour', 'v.png'), await sharp(rgb, raw(W, H)).png().toBuffer());
});

async function decoded(ds: Dataset): Promise<Map<string, RgbImage>> {
  const all = Array.from({ length: ds.train.size }, (_, i) => i);
  const r = await ds.train.read(all);
  const paths = (ds.train as FolderSplit).paths;
  return new Map(r.indices.map((idx, k) => [paths[idx].slice(tmp.path.length + 1), r.images[k]]));
}

describe('folder decoding', () => {
  it('decodes PNG, 16-bit PNG, WebP, TIFF and JPEG (any extension case) to exact sRGB 8-bit', async () => {
    const images = await decoded(await openDataset(`folder:${tmp.path}`));
    for (const name of ['rgb.png', 'rgb16.png', 'lossless.WEBP', 'scan.tif']) {
      const img = images.get(`train/colour/${name}`)!;
      expect([img.width, img.height, img.data.length], name).toEqual([W, H, W * H * 3]);
      for (let y = 0; y < H; y++) for (let x = 0; x < W; x++) expect(pixel(img, x, y), `${name} ${x},${y}`).toEqual(pattern(x, y));
    }
    const photo = images.get('train/colour/photo.JPG')!;
    for (const [v, want] of pixel(photo, 8, 8).map((v, c) => [v, [200, 40, 60][c]])) expect(Math.abs(v - want)).toBeLessThanOrEqual(3);
  });

  it('replicates grey (8 and 16 bit) to three channels and flattens alpha on white', async () => {
    const images = await decoded(await openDataset(`folder:${tmp.path}`));
    for (const name of ['grey.png', 'grey16.png']) {
      const img = images.get(`train/grey/${name}`)!;
      expect(img.data.length).toBe(W * H * 3);
      for (let i = 0; i < W * H; i++) expect(Array.from(img.data.subarray(3 * i, 3 * i + 3)), name).toEqual([greyValue(i), greyValue(i), greyValue(i)]);
    }
    const rgba = images.get('train/alpha/rgba.png')!;
    expect(rgba.data.length).toBe(W * H * 3);
    for (let i = 0; i < W * H; i++)
      expect(Array.from(rgba.data.subarray(3 * i, 3 * i + 3))).toEqual(i % 2 === 0 ? [90, 120, 150] : [255, 255, 255]);
    const gif = images.get('train/alpha/anim.gif')!;
    expect([gif.width, gif.height, ...pixel(gif, 3, 3)]).toEqual([8, 8, 0, 0, 255]);
  });

  it('converts CMYK to RGB and applies the EXIF orientation', async () => {
    const images = await decoded(await openDataset(`folder:${tmp.path}`));
    const cmyk = images.get('train/print/cmyk.jpg')!;
    expect([cmyk.width, cmyk.height, cmyk.data.length]).toEqual([16, 16, 16 * 16 * 3]);
    const [r, g, b] = pixel(cmyk, 8, 8);
    expect(r).toBeGreaterThan(150);  // still red after the CMYK round trip
    expect(g).toBeLessThan(90);
    expect(b).toBeLessThan(90);
    const rot = images.get('train/print/rotated.jpg')!;
    expect([rot.width, rot.height]).toEqual([16, 32]);  // stored 32x16, shown 16x32
    const top = pixel(rot, 8, 4), bottom = pixel(rot, 8, 27);
    expect(top[0]).toBeGreaterThan(200);  // the left (red) half went to the top
    expect(top[2]).toBeLessThan(50);
    expect(bottom[2]).toBeGreaterThan(200);
    expect(bottom[0]).toBeLessThan(50);
  });

  it('skips truncated, empty and non-image files with a reason and never throws', async () => {
    const ds = await openDataset(`folder:${tmp.path}`);
    const paths = (ds.train as FolderSplit).paths.map((p) => p.slice(tmp.path.length + 1));
    expect(paths).not.toContain('train/broken/notes.txt');
    expect(paths).not.toContain('train/broken/.hidden.png');
    expect(ds.train.size).toBe(15);
    const all = Array.from({ length: ds.train.size }, (_, i) => i);
    const r = await ds.train.read(all);
    expect(r.skipped.map((s) => s.path.slice(tmp.path.length + 1)).sort()).toEqual(
      ['train/broken/empty.jpg', 'train/broken/text.jpg', 'train/broken/truncated.jpg']);
    for (const s of r.skipped) expect(s.reason.length).toBeGreaterThan(0);
    const reason = (name: string) => r.skipped.find((s) => s.path.endsWith(name))!.reason;
    expect(reason('truncated.jpg').startsWith(`${train('broken', 'truncated.jpg')} is truncated or corrupt (`)).toBe(true);
    expect(reason('truncated.jpg')).toMatch(/premature end/i);
    expect(reason('empty.jpg')).toBe(`${train('broken', 'empty.jpg')} is empty (0 bytes)`);
    expect(reason('text.jpg')).toBe(`${train('broken', 'text.jpg')} is not an image in a supported format`);
    expect(r.images.length).toBe(12);
    expect(r.indices.length).toBe(12);
    expect(Array.from(r.labels)).toEqual(r.indices.map((i) => ds.train.labels[i]));
  });

  it('the loader drops skipped records from batches, counts them and warns once per file', async () => {
    const ds = await openDataset(`folder:${tmp.path}`);
    const warnings: string[] = [];
    const run = async (epoch: number) => {
      const loader = new BatchLoader(ds.train, { batchSize: 4, seed: 3, epoch, shuffle: true, dropLast: false, onSkip: (r) => warnings.push(r.path) });
      let images = 0, skipped = 0;
      for await (const b of loader) {
        expect(b.images.length + b.skipped.length).toBe(loader.batchIndices(b.step).length);
        images += b.images.length;
        skipped += b.skipped.length;
      }
      expect(loader.stats.images).toBe(12);
      expect(loader.stats.skipped).toBe(3);
      return [images, skipped];
    };
    expect(await run(0)).toEqual([12, 3]);
    expect(await run(1)).toEqual([12, 3]);
    expect(warnings.length).toBe(3);  // the second epoch does not warn again
  });

  it('keeps sharp\'s pixel limit: a PNG header claiming 30000 x 30000 pixels is skipped, not decoded', async () => {
    const chunk = (type: string, body: Buffer) => {
      const head = Buffer.alloc(4);
      head.writeUInt32BE(body.length);
      const crc = Buffer.alloc(4);
      crc.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), body])));
      return Buffer.concat([head, Buffer.from(type, 'ascii'), body, crc]);
    };
    const ihdr = Buffer.alloc(13);
    ihdr.writeUInt32BE(30000, 0);
    ihdr.writeUInt32BE(30000, 4);
    ihdr.set([8, 2, 0, 0, 0], 8);  // 8-bit RGB
    const file = join(tmp.path, 'bomb.png');
    writeFile(file, Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', ihdr),
      chunk('IDAT', deflateSync(Buffer.alloc(1000))), chunk('IEND', Buffer.alloc(0))]));
    const r = await decodeImageFile(file);
    expect(r.image).toBeUndefined();
    expect(r.reason).toMatch(/pixel limit/);
  });

  it('maxImageSide downscales keeping the aspect ratio and never enlarges', async () => {
    const file = join(tmp.path, 'big.png');
    writeFile(file, await sharp(solid(100, 50, [10, 200, 30]), raw(100, 50)).png().toBuffer());
    const small = await decodeImageFile(file, 20);
    expect([small.image!.width, small.image!.height]).toEqual([20, 10]);
    expect(pixel(small.image!, 10, 5)).toEqual([10, 200, 30]);
    const same = await decodeImageFile(file, 1000);
    expect([same.image!.width, same.image!.height]).toEqual([100, 50]);
    const ds = await openDataset(`folder:${tmp.path}`, { maxImageSide: 3 });
    const r = await ds.test!.read([0]);
    expect([r.images[0].width, r.images[0].height]).toEqual([3, 2]);
  });
});
