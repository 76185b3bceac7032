// Image file -> packed RGB8 with sharp (libvips runs on the libuv pool, so
// decoding stays off the main thread). Bad files become a reason, not a throw:
// one corrupt JPEG must not stop an epoch.
import { stat } from 'node:fs/promises';
import sharp from 'sharp';
import { positiveInteger } from '../validate.js';
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
function reasonOf(err: unknown): string {
  const text = err instanceof Error ? err.message : String(err);
  const lines = [...new Set(text.split('\n').map((l) => l.trim()).filter((l) => l.length > 0))];
  return lines.join('; ') || 'unknown decode error';
}

export function decodeImageFile(path: string, maxImageSide?: number): Promise<DecodeResult> {
  return decodeLimiter.run(() => decode(path, maxImageSide));
}

async function decode(path: string, maxImageSide?: number): Promise<DecodeResult> {
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
      return { reason: `decoded to ${info.channels} channels of ${info.width}x${info.height} (${data.length} bytes), expected 3-channel RGB` };
    return { image: { data: new Uint8Array(data.buffer, data.byteOffset, data.length), height: info.height, width: info.width } };
  } catch (err) {
    // sharp calls an empty file an "unsupported image format"; say what it is.
    const size = await stat(path).then((s) => s.size, () => -1);
    return { reason: size === 0 ? 'empty file (0 bytes)' : reasonOf(err) };
  }
}
