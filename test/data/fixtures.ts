// Test fixtures made at test time: temp folders, CIFAR-10 files, images by sharp.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';

export function tempDir(): { path: string; remove: () => void } {
  const path = mkdtempSync(join(tmpdir(), 'simsiam-data-'));
  return { path, remove: () => rmSync(path, { recursive: true, force: true }) };
}

export function writeFile(path: string, bytes: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, bytes);
}

/** Planar CIFAR-10 pixel of record r: R, G, B planes with distinct values. */
export function cifarPixel(r: number, plane: number, p: number): number {
  return (p * 7 + plane * 85 + r * 13) % 256;
}

export function cifarFile(labels: number[], recordOffset = 0): Uint8Array {
  const out = new Uint8Array(labels.length * 3073);
  labels.forEach((label, r) => {
    out[r * 3073] = label;
    for (let plane = 0; plane < 3; plane++)
      for (let p = 0; p < 1024; p++) out[r * 3073 + 1 + plane * 1024 + p] = cifarPixel(r + recordOffset, plane, p);
  });
  return out;
}

/** A solid-colour RGB8 raw image. */
export function solid(width: number, height: number, rgb: [number, number, number]): Buffer {
  const b = Buffer.alloc(width * height * 3);
  for (let i = 0; i < width * height; i++) b.set(rgb, i * 3);
  return b;
}

export const raw = (width: number, height: number, channels: 1 | 2 | 3 | 4 = 3) => ({ raw: { width, height, channels } });

/** A tiny PNG, written many times for layout tests. */
export async function tinyPng(): Promise<Buffer> {
  return sharp(solid(4, 3, [10, 20, 30]), raw(4, 3)).png().toBuffer();
}

export function writeImages(root: string, files: string[], bytes: Uint8Array): void {
  for (const f of files) writeFile(join(root, f), bytes);
}
