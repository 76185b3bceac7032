// Plain bilinear resize and crop of small RGB8 images in TS: for 28x28 / 32x32
// in-memory sources a sharp round trip per image costs more than the pixels.
import type { RgbImage } from './types.js';

/** Bilinear, half-pixel centres (align_corners=False), no antialias: torch's F.interpolate. */
export function resizeBilinear(img: RgbImage, outH: number, outW: number): RgbImage {
  const { data, height: H, width: W } = img;
  const out = new Uint8Array(outH * outW * 3);
  const sy = H / outH, sx = W / outW;
  const x0s = new Int32Array(outW), x1s = new Int32Array(outW), fxs = new Float64Array(outW);
  for (let x = 0; x < outW; x++) {
    const fx = Math.max(0, (x + 0.5) * sx - 0.5);
    x0s[x] = Math.min(Math.floor(fx), W - 1);
    x1s[x] = Math.min(x0s[x] + 1, W - 1);
    fxs[x] = fx - x0s[x];
  }
  for (let y = 0; y < outH; y++) {
    const fy = Math.max(0, (y + 0.5) * sy - 0.5);
    const y0 = Math.min(Math.floor(fy), H - 1), y1 = Math.min(y0 + 1, H - 1), wy = fy - y0;
    for (let x = 0; x < outW; x++) {
      const wx = fxs[x];
      const a = (y0 * W + x0s[x]) * 3, b = (y0 * W + x1s[x]) * 3, c = (y1 * W + x0s[x]) * 3, d = (y1 * W + x1s[x]) * 3;
      for (let ch = 0; ch < 3; ch++) {
        const top = data[a + ch] + (data[b + ch] - data[a + ch]) * wx;
        const bottom = data[c + ch] + (data[d + ch] - data[c + ch]) * wx;
        out[(y * outW + x) * 3 + ch] = Math.round(top + (bottom - top) * wy);
      }
    }
  }
  return { data: out, height: outH, width: outW };
}

export function crop(img: RgbImage, top: number, left: number, h: number, w: number): RgbImage {
  const out = new Uint8Array(h * w * 3);
  for (let y = 0; y < h; y++) {
    const from = ((top + y) * img.width + left) * 3;
    out.set(img.data.subarray(from, from + w * 3), y * w * 3);
  }
  return { data: out, height: h, width: w };
}
