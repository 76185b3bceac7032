// Line plots for the run report, drawn as SVG and rendered to PNG by sharp
// (librsvg), so no plotting library or browser is needed. The legend sits in
// its own band between the title and the plot area, so no curve or reference
// line ever crosses it.
import sharp from 'sharp';
import { writeFileAtomic } from '../io/atomic_write.js';

export interface Series {
  name: string;
  points: Array<[number, number]>;
  color?: string;
  /** line (default), faint (thin and translucent: raw values under a smoothed line), markers, or both. */
  style?: 'line' | 'faint' | 'markers' | 'line+markers';
  /** Writes each point's value above its marker (for series of a few points). */
  label?: (y: number) => string;
}

export interface PlotSpec {
  title: string;
  xLabel: string;
  yLabel: string;
  series: Series[];
  /** Horizontal dashed reference lines, named in the legend, e.g. the healthy collapse level 1/sqrt(d). */
  references?: Array<{ y: number; label: string; color?: string }>;
  /** Light vertical lines, e.g. epoch boundaries. */
  xMarks?: number[];
  /** Fixed ends of the axes; an end left out is fitted to the data (and the references). */
  xRange?: [number?, number?];
  yRange?: [number?, number?];
  /** Ticks only at integers (epochs). */
  integerX?: boolean;
  /** Written across the plot area when no series has a point. */
  emptyNote?: string;
}

export const PLOT_WIDTH = 800;
export const PLOT_HEIGHT = 480;
const FONT = 13;
const FAINT = 'stroke-width="1.2" stroke-opacity="0.4"';
const COLORS = ['#1f77b4', '#d62728', '#2ca02c', '#9467bd', '#ff7f0e'];
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const num = (v: number) => String(Number(v.toPrecision(12)));

/** TensorBoard's smoothing: an exponential moving average, debiased so the first points are not pulled to 0. */
export function ema(values: readonly number[], weight: number): number[] {
  let last = 0;
  return values.map((v, i) => (last = last * weight + (1 - weight) * v) / (1 - weight ** (i + 1)));
}

/** Round ticks (1, 2 or 5 times a power of ten) inside [lo, hi], at least `minStep` apart. */
export function niceTicks(lo: number, hi: number, count = 6, minStep = 0): number[] {
  if (!(hi > lo)) return [lo];
  const step0 = Math.max((hi - lo) / count, minStep);
  const mag = 10 ** Math.floor(Math.log10(step0));
  const step = [1, 2, 5, 10].map((m) => m * mag).find((s) => s >= step0 * (1 - 1e-9))!;
  const ticks: number[] = [];
  for (let k = Math.ceil(lo / step - 1e-9); k <= Math.floor(hi / step + 1e-9); k++) ticks.push(Number((k * step).toPrecision(12)));
  return ticks;
}

/** The axis ends: fixed ends as given, fitted ones around the data with a margin. */
function axisRange(values: number[], fixed: [number?, number?] | undefined, margin: number): [number, number] {
  let lo = fixed?.[0] ?? (values.length ? values.reduce((a, b) => Math.min(a, b)) : 0);
  let hi = fixed?.[1] ?? (values.length ? values.reduce((a, b) => Math.max(a, b)) : 1);
  if (!(hi > lo)) {
    const d = Math.abs(lo || 1) * 0.1;
    [lo, hi] = [fixed?.[0] ?? lo - d, fixed?.[1] ?? hi + d];
    if (!(hi > lo)) hi = lo + 1;
  }
  const pad = (hi - lo) * margin;
  return [fixed?.[0] ?? lo - pad, fixed?.[1] ?? hi + pad];
}

/** A rough text width: DejaVu Sans averages about 0.6 em per character. */
const textWidth = (s: string, size = FONT) => s.length * size * 0.6;

interface LegendEntry {
  label: string;
  color: string;
  kind: 'line' | 'faint' | 'markers' | 'line+markers' | 'reference';
}

function swatch(e: LegendEntry, x: number, y: number): string {
  const line = (extra: string) => `<line x1="${x}" x2="${x + 24}" y1="${y}" y2="${y}" stroke="${e.color}" ${extra}/>`;
  const dot = `<circle cx="${x + 12}" cy="${y}" r="3.5" fill="${e.color}"/>`;
  switch (e.kind) {
    case 'faint': return line(FAINT);
    case 'reference': return line('stroke-width="1.5" stroke-dasharray="5 4"');
    case 'markers': return dot;
    case 'line+markers': return line('stroke-width="2"') + dot;
    default: return line('stroke-width="2"');
  }
}

/** Legend entries laid out in rows that fit `width`; returns the SVG and its box. */
function legend(entries: LegendEntry[], x0: number, y0: number, width: number) {
  const rowH = FONT + 7, pad = 8;
  const rows: Array<Array<{ e: LegendEntry; x: number }>> = [[]];
  let x = 0, widest = 0;
  for (const e of entries) {
    const w = 30 + textWidth(e.label) + 18;
    if (x > 0 && x + w > width - 2 * pad) {
      rows.push([]);
      x = 0;
    }
    rows.at(-1)!.push({ e, x });
    x += w;
    widest = Math.max(widest, x - 18);
  }
  const box = { x: x0, y: y0, width: Math.min(width, widest + 2 * pad), height: rows.length * rowH + pad };
  const svg = [`<g data-role="legend">`, `<rect data-role="legend-box" x="${box.x}" y="${box.y}" width="${box.width}" height="${box.height}" fill="white" stroke="#ccc" rx="3"/>`];
  rows.forEach((row, r) => {
    const cy = y0 + pad / 2 + rowH * r + rowH / 2;
    for (const { e, x } of row)
      svg.push(swatch(e, x0 + pad + x, cy), `<text x="${x0 + pad + x + 30}" y="${cy + FONT * 0.35}">${esc(e.label)}</text>`);
  });
  svg.push('</g>');
  return { svg: svg.join('\n'), box };
}

export function linePlotSvg(spec: PlotSpec, width = PLOT_WIDTH, height = PLOT_HEIGHT): string {
  const colored = spec.series.map((s, i) => ({ ...s, color: s.color ?? COLORS[i % COLORS.length], style: s.style ?? 'line' }));
  const refs = (spec.references ?? []).map((r) => ({ ...r, color: r.color ?? '#555' }));
  const entries: LegendEntry[] = [
    ...colored.map((s) => ({ label: s.name, color: s.color, kind: s.style })),
    ...refs.map((r) => ({ label: r.label, color: r.color, kind: 'reference' as const })),
  ];
  const left = 78, right = 24, bottom = 52;
  const lg = legend(entries, left, 36, width - left - right);
  const m = { left, right, bottom, top: lg.box.y + lg.box.height + 14 };
  const W = width - m.left - m.right, H = height - m.top - m.bottom;

  const pts = colored.flatMap((s) => s.points);
  const labelled = colored.some((s) => s.label && s.points.length);
  const xr = axisRange([...pts.map((p) => p[0]), ...(spec.xMarks ?? [])], spec.xRange, 0);
  const xPad = (xr[1] - xr[0]) * 0.03;  // markers at the ends stay clear of the frame
  const [xa, xb] = [xr[0] - xPad, xr[1] + xPad];
  const [ya, yb] = axisRange([...pts.map((p) => p[1]), ...refs.map((r) => r.y)], spec.yRange, labelled ? 0.12 : 0.06);
  const sx = (x: number) => m.left + ((x - xa) / (xb - xa)) * W;
  const sy = (y: number) => m.top + H - ((y - ya) / (yb - ya)) * H;
  const f = (v: number) => v.toFixed(1);

  const out: string[] = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" font-family="DejaVu Sans, sans-serif" font-size="${FONT}">`,
    `<rect width="100%" height="100%" fill="white"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="${FONT + 3}" font-weight="bold">${esc(spec.title)}</text>`,
    lg.svg,
    `<g data-role="plot" data-x-range="${num(xa)} ${num(xb)}" data-y-range="${num(ya)} ${num(yb)}">`,
  ];
  for (const t of niceTicks(ya, yb))
    out.push(`<line x1="${m.left}" x2="${m.left + W}" y1="${f(sy(t))}" y2="${f(sy(t))}" stroke="#eee"/>`,
      `<text data-role="y-tick" x="${m.left - 8}" y="${f(sy(t) + 4)}" text-anchor="end">${num(t)}</text>`);
  for (const t of niceTicks(xr[0], xr[1], 8, spec.integerX ? 1 : 0))
    out.push(`<line x1="${f(sx(t))}" x2="${f(sx(t))}" y1="${m.top + H}" y2="${m.top + H + 5}" stroke="#333"/>`,
      `<text data-role="x-tick" x="${f(sx(t))}" y="${m.top + H + 20}" text-anchor="middle">${num(t)}</text>`);
  for (const x of spec.xMarks ?? [])
    out.push(`<line data-role="x-mark" x1="${f(sx(x))}" x2="${f(sx(x))}" y1="${m.top}" y2="${m.top + H}" stroke="#ccc"/>`);
  out.push(`<rect data-role="frame" x="${m.left}" y="${m.top}" width="${W}" height="${H}" fill="none" stroke="#333"/>`,
    `<text x="${m.left + W / 2}" y="${height - 12}" text-anchor="middle">${esc(spec.xLabel)}</text>`,
    `<text transform="translate(20 ${m.top + H / 2}) rotate(-90)" text-anchor="middle">${esc(spec.yLabel)}</text>`);
  for (const r of refs)
    out.push(`<line data-role="reference" x1="${m.left}" x2="${m.left + W}" y1="${f(sy(r.y))}" y2="${f(sy(r.y))}" stroke="${r.color}" stroke-width="1.5" stroke-dasharray="5 4"/>`);
  for (const s of colored) {
    const line = s.style !== 'markers' && s.points.length > 1;
    if (line) {
      const width = s.style === 'faint' ? FAINT : 'stroke-width="2"';
      out.push(`<polyline data-role="series" data-name="${esc(s.name)}" fill="none" stroke="${s.color}" ${width} stroke-linejoin="round" ` +
        `points="${s.points.map(([x, y]) => `${f(sx(x))},${f(sy(y))}`).join(' ')}"/>`);
    }
    if (s.style === 'markers' || s.style === 'line+markers' || s.points.length === 1 || (s.style === 'faint' && s.points.length <= 30)) {
      const look = s.style === 'faint' ? 'r="2.5" fill-opacity="0.5"' : 'r="4"';
      for (const [x, y] of s.points) out.push(`<circle data-role="marker" cx="${f(sx(x))}" cy="${f(sy(y))}" ${look} fill="${s.color}"/>`);
    }
    if (s.label)
      for (const [x, y] of s.points) out.push(`<text x="${f(sx(x))}" y="${f(sy(y) - 10)}" text-anchor="middle" fill="${s.color}">${esc(s.label(y))}</text>`);
  }
  if (pts.length === 0 && spec.emptyNote)
    out.push(`<text x="${m.left + W / 2}" y="${m.top + H / 2}" text-anchor="middle" fill="#777">${esc(spec.emptyNote)}</text>`);
  out.push('</g>', '</svg>');
  return out.join('\n');
}

/** Renders the plot to a PNG file, written atomically. */
export async function writePlotPng(path: string, spec: PlotSpec): Promise<void> {
  await writeFileAtomic(path, await sharp(Buffer.from(linePlotSvg(spec))).png().toBuffer(), 'plot');
}
