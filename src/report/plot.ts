// Line plots for the run report, drawn as SVG and rendered to PNG by sharp
// (librsvg), so no plotting library or browser is needed.
import sharp from 'sharp';
import { writeFileAtomic } from '../io/atomic_write.js';

export interface Series {
  name: string;
  points: Array<[number, number]>;
  color?: string;
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal reference lines, e.g. the healthy collapse level 1/sqrt(d). */
  references?: Array<{ y: number; label: string }>;
}

const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = (hi - lo) / count;
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0)!;
  const ticks: number[] = [];
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Number(t.toPrecision(12)));
  return ticks;
}

export function linePlotSvg(spec: PlotSpec, width = 640, height = 400): string {
  const m = { left: 70, right: 20, top: 40, bottom: 50 };
  const pts = spec.series.flatMap((s) => s.points);
  const refs = (spec.references ?? []).map((r) => r.y);
  const xs = pts.map((p) => p[0]), ys = [...pts.map((p) => p[1]), ...refs];
  let [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs)] : [0, 1];
  let [y0, y1] = ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1];
  if (x1 === x0) [x0, x1] = [x0 - 1, x1 + 1];
  if (y1 === y0) [y0, y1] = [y0 - Math.abs(y0 || 1) * 0.1, y1 + Math.abs(y1 || 1) * 0.1];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const W = width - m.left - m.right, H = height - m.top - m.bottom;
  const sx = (x: number) => m.left + ((x - x0) / (x1 - x0)) * W;
  const sy = (y: number) => m.top + H - ((y - y0) / (y1 - y0)) * H;
  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="sans-serif" font-size="12">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="22" text-anchor="middle" font-size="15">${esc(spec.title)}</text>`,
  ];
  for (const t of niceTicks(y0, y1))
    out.push(`<line x1="${m.left}" x2="${m.left + W}" y1="${sy(t)}" y2="${sy(t)}" stroke="#eee"/>`,
      `<text x="${m.left - 6}" y="${sy(t) + 4}" text-anchor="end">${t}</text>`);
  for (const t of niceTicks(x0, x1))
    out.push(`<text x="${sx(t)}" y="${m.top + H + 18}" text-anchor="middle">${t}</text>`);
  out.push(`<rect x="${m.left}" y="${m.top}" width="${W}" height="${H}" fill="none" stroke="#333"/>`,
    `<text x="${m.left + W / 2}" y="${height - 10}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(16 ${m.top + H / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const r of spec.references ?? [])
    out.push(`<line x1="${m.left}" x2="${m.left + W}" y1="${sy(r.y)}" y2="${sy(r.y)}" stroke="#888" stroke-dasharray="5 4"/>`,
      `<text x="${m.left + W - 4}" y="${sy(r.y) - 4}" text-anchor="end" fill="#555">${esc(r.label)}</text>`);
  spec.series.forEach((s, i) => {
    const color = s.color ?? COLORS[i % COLORS.length];
    if (s.points.length > 1)
      out.push(`<polyline fill="none" stroke="${color}" stroke-width="2" points="${s.points.map(([x, y]) => `${sx(x).toFixed(1)},${sy(y).toFixed(1)}`).join(' ')}"/>`);
    for (const [x, y] of s.points.length <= 50 ? s.points : []) out.push(`<circle cx="${sx(x)}" cy="${sy(y)}" r="3" fill="${color}"/>`);
    out.push(`<text x="${m.left + 10}" y="${m.top + 16 + 16 * i}" fill="${color}">${esc(s.name)}</text>`);
  });
  out.push('</svg>');
  return out.join('\n');
}

/** Renders the plot to a PNG file, written atomically. */
export async function writePlotPng(path: string, spec: PlotSpec): Promise<void> {
  await writeFileAtomic(path, await sharp(Buffer.from(linePlotSvg(spec))).png().toBuffer(), 'plot');
}
