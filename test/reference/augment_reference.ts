// Independent float64 reference of one augmented view, written from the
// recipe (torchvision float-tensor semantics), for checking the native CPU
// kernel. Slow and plain on purpose.
import type { ViewParams } from '../../src/index.js';

export interface RefConfig {
  size: number;
  mean: number[];
  std: number[];
}

const clamp = (v: number) => Math.min(1, Math.max(0, v));
const gray = (c: number[]) => 0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2];

function hue(c: number[], shift: number): number[] {
  const [r, g, b] = c;
  const maxc = Math.max(r, g, b), minc = Math.min(r, g, b);
  const eq = maxc === minc, cr = maxc - minc;
  const s = cr / (eq ? 1 : maxc), div = eq ? 1 : cr;
  const rc = (maxc - r) / div, gc = (maxc - g) / div, bc = (maxc - b) / div;
  let h = maxc === r ? bc - gc : maxc === g ? 2 + rc - bc : 4 + gc - rc;
  h = ((h / 6 + 1) % 1 + shift) % 1;
  if (h < 0) h += 1;
  const i = Math.floor(h * 6), f = h * 6 - i, v = maxc;
  const p = clamp(v * (1 - s)), q = clamp(v * (1 - s * f)), t = clamp(v * (1 - s * (1 - f)));
  return [[v, t, p], [q, v, p], [p, v, t], [p, q, v], [t, p, v], [v, p, q]][i % 6];
}

export function referenceView(src: Uint8Array, height: number, width: number, p: ViewParams, cfg: RefConfig): Float64Array {
  const S = cfg.size;
  let img: number[][] = [];
  for (let oy = 0; oy < S; oy++)
    for (let ox0 = 0; ox0 < S; ox0++) {
      const ox = p.flip ? S - 1 - ox0 : ox0;
      const sx = Math.max((p.crop.width / S) * (ox + 0.5) - 0.5, 0);
      const sy = Math.max((p.crop.height / S) * (oy + 0.5) - 0.5, 0);
      const x0 = Math.floor(sx), y0 = Math.floor(sy);
      const x1 = Math.min(x0 + 1, p.crop.width - 1), y1 = Math.min(y0 + 1, p.crop.height - 1);
      const lx = sx - x0, ly = sy - y0;
      const at = (x: number, y: number, c: number) => src[((p.crop.y + y) * width + p.crop.x + x) * 3 + c];
      img.push([0, 1, 2].map((c) =>
        ((1 - ly) * ((1 - lx) * at(x0, y0, c) + lx * at(x1, y0, c)) + ly * ((1 - lx) * at(x0, y1, c) + lx * at(x1, y1, c))) / 255));
    }
  if (p.jitter) {
    const j = p.jitter;
    for (const step of j.order) {
      if (step === 'brightness') img = img.map((c) => c.map((v) => clamp(v * j.brightness)));
      else if (step === 'contrast') {
        const m = img.reduce((s, c) => s + gray(c), 0) / img.length;
        img = img.map((c) => c.map((v) => clamp(j.contrast * v + (1 - j.contrast) * m)));
      } else if (step === 'saturation') img = img.map((c) => { const g = gray(c); return c.map((v) => clamp(j.saturation * v + (1 - j.saturation) * g)); });
      else img = img.map((c) => hue(c, j.hue));
    }
  }
  if (p.grayscale) img = img.map((c) => { const g = gray(c); return [g, g, g]; });
  if (p.blurSigma !== null) {
    let k = Math.floor(S / 10);
    if (k % 2 === 0) k += 1;
    k = Math.max(k, 3);
    const r = (k - 1) / 2;
    const w = Array.from({ length: k }, (_, i) => Math.exp(-0.5 * ((i - r) / p.blurSigma!) ** 2));
    const sum = w.reduce((a, b) => a + b, 0);
    const reflect = (i: number) => (i < 0 ? -i : i >= S ? 2 * (S - 1) - i : i);
    const blurred: number[][] = [];
    for (let y = 0; y < S; y++)
      for (let x = 0; x < S; x++) {
        const acc = [0, 0, 0];
        for (let ty = 0; ty < k; ty++)
          for (let tx = 0; tx < k; tx++) {
            const c = img[reflect(y + ty - r) * S + reflect(x + tx - r)];
            const wt = (w[ty] * w[tx]) / (sum * sum);
            for (let ch = 0; ch < 3; ch++) acc[ch] += wt * c[ch];
          }
        blurred.push(acc);
      }
    img = blurred;
  }
  const out = new Float64Array(S * S * 3);
  img.forEach((c, i) => c.forEach((v, ch) => (out[i * 3 + ch] = (v - cfg.mean[ch]) / cfg.std[ch])));
  return out;
}
