// Image file -> packed RGB8 with sharp (libvips runs on the libuv pool, so
// decoding stays off the main thread). Bad files become a reason naming the
// file, not a throw: one corrupt JPEG must not stop an epoch.
import { open } from 'node:fs/promises';
import sharp from 'sharp';
import { positiveInteger } from '../validate.js';
import { errnoText } from './fs_checks.js';
import { Limiter } from './limiter.js';
import type { RgbImage } from './types.js';

/** libuv's pool size; one thread is left for fs calls and the native augmentation. */
function defaultConcurrency(): number {
  const pool = Number(process.env.UV_THREADPOOL_SIZE) || 4;
  return Math.max(1, pool - 1);
}

export const decodeLimiter = new Limiter(defaultConcurrency());

/** Most decodes submitted to sharp at once (default: UV_THREADPOOL_SIZE - 1, i.e. 3). */
export function setDecodeConcurrency(n: number): void {
  decodeLimiter.concurrency = positiveInteger(n, 'concurrency');
}

export type DecodeResult = { image: RgbImage; reason?: undefined } | { image?: undefined; reason: string };

/** libvips errors repeat lines ("premature end of JPEG image" x3); keep each once. */
function detailOf(err: unknown): string {
  const text = (err instanceof Error ? err.message : String(err)).replace(/^Input file has corrupt header:/, '');
  const lines = [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0 && l !== 'Unknown error'))];
  return lines.join('; ');
}

/** Why path cannot be read as a file, or null (sharp calls a folder or a file it may not read an "unsupported image format"). */
async function unreadable(path: string): Promise<string | null> {
  try {
    const file = await open(path, 'r');
    try {
      const { bytesRead } = await file.read(Buffer.alloc(1), 0, 1, 0);
      return bytesRead === 0 ? `${path} is empty (0 bytes)` : null;
    } finally {
      await file.close();
    }
  } catch (err) {
    return `cannot read ${path}: ${errnoText(err)}`;
  }
}

export async function decodeImageFile(path: string, maxImageSide?: number): Promise<DecodeResult> {
  const first = await decodeLimiter.run(() => decode(path, maxImageSide));
  if (!('error' in first)) return first;
  const why = await unreadable(path);
  if (why) return { reason: why };
  // libvips keeps one error buffer for the process and sharp clears it after
  // every job, so a concurrent decode can wipe this one's message ("Unknown
  // error", or "corrupt header:" with nothing after it). Decode the file again
  // with nothing else running to learn the real cause; bad files are rare.
  const again = await decodeLimiter.runAlone(() => decode(path, maxImageSide));
  if (!('error' in again)) return again;
  const detail = detailOf(again.error);
  if (/unsupported image format/.test(detail)) return { reason: `${path} is not an image in a supported format` };
  if (/exceeds (pixel|channel) limit/.test(detail)) return { reason: `${path} is too large to decode (${detail})` };
  return { reason: `${path} is truncated or corrupt${detail ? ` (${detail})` : ''}` };
}

async function decode(path: string, maxImageSide?: number): Promise<DecodeResult | { error: unknown }> {
  try {
    // failOn 'error': truncated and broken data abort, libjpeg warnings (which PIL
    // also tolerates) do not. limitInputPixels stays at sharp's default (bombs).
    let pipe = sharp(path, { autoOrient: true, failOn: 'error' })
      .flatten({ background: { r: 255, g: 255, b: 255 } })
      .toColourspace('srgb');
    if (maxImageSide !== undefined)
      pipe = pipe.resize({ width: maxImageSide, height: maxImageSide, fit: 'inside', withoutEnlargement: true });
    const { data, info } = await pipe.raw({ depth: 'uchar' }).toBuffer({ resolveWithObject: true });
    if (info.channels !== 3 || data.length !== info.width * info.height * 3)
      return { reason: `${path} decoded to ${info.channels} channels of ${info.width}x${info.height} (${data.length} bytes), expected 3-channel RGB` };
    return { image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), height: info.height, width: info.width } };
  } catch (error) {
    return { error };
  }
}
