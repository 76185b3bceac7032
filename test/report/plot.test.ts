// The run report's plots, checked on the SVG they are drawn from: the axes,
// the series and their smoothing, the epoch marks, and a legend that no curve
// or reference line crosses; and the PNG they render to.
import { afterAll, describe, expect, it } from 'vitest';
import { join } from 'node:path';
import sharp from 'sharp';
import { ema, linePlotSvg, niceTicks, PLOT_HEIGHT, PLOT_WIDTH, writePlotPng, type PlotSpec } from '../../src/report/plot.js';
import { collapsePlot, knnPlot, lossPlot, smoothingWeight } from '../../src/report/run_report.js';
import { tempDir } from '../data/fixtures.js';
import { fakeRun } from './fake_run.js';

const tmp = tempDir();
afterAll(() => tmp.remove());

const attrs = (tag: string) => Object.fromEntries([...tag.matchAll(/([\w-]+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
const elements = (svg: string, role: string) => [...svg.matchAll(new RegExp(`<\\w+ data-role="${role}"[^>]*>`, 'g'))].map((m) => attrs(m[0]));
const texts = (svg: string, role: string) => [...svg.matchAll(new RegExp(`<text data-role="${role}"[^>]*>([^<]*)</text>`, 'g'))].map((m) => m[1]);
const numbers = (s: string) => s.split(' ').map(Number);

/** The SVG's geometry: legend box, frame, and every drawn thing as a box (lines and polylines by their points). */
function geometry(svg: string) {
  const box = (a: Record<string, string>) => ({ x0: +a.x, y0: +a.y, x1: +a.x + +a.width, y1: +a.y + +a.height });
  const drawn = [
    ...elements(svg, 'series').map((a) => {
      const p = a.points.split(' ').map((xy) => xy.split(',').map(Number));
      return { x0: Math.min(...p.map((q) => q[0])), x1: Math.max(...p.map((q) => q[0])), y0: Math.min(...p.map((q) => q[1])), y1: Math.max(...p.map((q) => q[1])) };
    }),
    ...[...elements(svg, 'reference'), ...elements(svg, 'x-mark')].map((a) => ({ x0: +a.x1, x1: +a.x2, y0: Math.min(+a.y1, +a.y2), y1: Math.max(+a.y1, +a.y2) })),
    ...elements(svg, 'marker').map((a) => ({ x0: +a.cx - +a.r, x1: +a.cx + +a.r, y0: +a.cy - +a.r, y1: +a.cy + +a.r })),
  ];
  const plot = elements(svg, 'plot')[0];
  return { legend: box(elements(svg, 'legend-box')[0]), frame: box(elements(svg, 'frame')[0]), drawn,
    xRange: numbers(plot['data-x-range']), yRange: numbers(plot['data-y-range']) };
}

type Box = ReturnType<typeof geometry>['frame'];
const overlaps = (a: Box, b: Box) => a.x0 < b.x1 && b.x0 < a.x1 && a.y0 < b.y1 && b.y0 < a.y1;
const inside = (a: Box, b: Box) => a.x0 >= b.x0 - 0.01 && a.x1 <= b.x1 + 0.01 && a.y0 >= b.y0 - 0.01 && a.y1 <= b.y1 + 0.01;

/** Every curve, marker and line lies in the frame, and the legend box lies outside it (so nothing crosses it). */
function expectClearLegend(svg: string) {
  const g = geometry(svg);
  expect(g.drawn.length).toBeGreaterThan(0);
  expect(overlaps(g.legend, g.frame)).toBe(false);
  for (const d of g.drawn) {
    expect(inside(d, g.frame)).toBe(true);
    expect(overlaps(d, g.legend)).toBe(false);
  }
}

describe('plot helpers', () => {
  it('ema is TensorBoard\'s debiased exponential moving average', () => {
    expect(ema([3, 3, 3], 0.9)).toEqual([3, 3, 3].map((v) => expect.closeTo(v, 12)));
    const [a, b] = ema([0, 10], 0.5);
    expect(a).toBe(0);
    expect(b).toBeCloseTo(5 / 0.75, 12);
    expect(smoothingWeight(4)).toBe(0.6);
    expect(smoothingWeight(69)).toBe(0.783);  // 1 - 15/69, to 3 decimals
    expect(smoothingWeight(1e7)).toBe(0.999);
  });

  it('niceTicks gives round values without floating-point residue, integers when asked', () => {
    expect(niceTicks(-0.42, 0.02)).toEqual([-0.4, -0.3, -0.2, -0.1, 0]);
    expect(niceTicks(-0.09, 3.09, 8, 1)).toEqual([0, 1, 2, 3]);
    expect(niceTicks(0, 0.066)).toEqual([0, 0.02, 0.04, 0.06]);
    expect(niceTicks(0.06, 0.0625)).toEqual([0.06, 0.0605, 0.061, 0.0615, 0.062, 0.0625]);
  });
});

describe('report plots', () => {
  it('loss: every step drawn faintly plus its EMA, epoch boundaries, y fitted to the data, epoch ticks', () => {
    const { r, steps } = fakeRun();
    const spec = lossPlot(r, steps);
    const svg = linePlotSvg(spec);
    const series = elements(svg, 'series');
    expect(series.map((s) => s['data-name'])).toEqual(['loss per step (69 steps)', 'smoothed (EMA, weight 0.783)']);
    for (const s of series) expect(s.points.split(' ')).toHaveLength(69);
    expect(series[0]['stroke-opacity']).toBe('0.4');
    const w = smoothingWeight(69);
    expect(spec.series[1].points.map((p) => p[1])).toEqual(ema(steps.map((s) => s.loss), w));
    expect(spec.series[0].points.at(-1)).toEqual([3, steps.at(-1)!.loss]);  // epoch e's last step at x = e + 1
    expect(elements(svg, 'x-mark').map((a) => a.x1)).toHaveLength(2);         // the boundaries at epochs 1 and 2
    expect(texts(svg, 'x-tick')).toEqual(['0', '1', '2', '3']);
    const { yRange } = geometry(svg);
    const lo = Math.min(...steps.map((s) => s.loss)), hi = Math.max(...steps.map((s) => s.loss));
    expect(yRange[0]).toBeLessThan(lo);
    expect(yRange[0]).toBeGreaterThan(lo - 0.1 * (hi - lo));  // the -1 optimum does not squash the curve...
    expect(spec.title).toContain('optimum -1');                // ...it is named in the title
    expectClearLegend(svg);
  });

  it('collapse: y from 0, the 1/sqrt(d) line, per-step and epoch-mean series', () => {
    const { r, steps } = fakeRun();
    const svg = linePlotSvg(collapsePlot(r, steps));
    const g = geometry(svg);
    expect(g.yRange[0]).toBe(0);
    expect(texts(svg, 'y-tick')[0]).toBe('0');
    expect(g.yRange[1]).toBeGreaterThan(1 / 16);
    expect(g.yRange[1]).toBeLessThan(0.08);
    const ref = elements(svg, 'reference');
    expect(ref).toHaveLength(1);
    const f = g.frame, y = f.y1 - ((1 / 16 - g.yRange[0]) / (g.yRange[1] - g.yRange[0])) * (f.y1 - f.y0);
    expect(+ref[0].y1).toBeCloseTo(y, 0);
    expect(svg).toContain('healthy: 1/sqrt(d) = 0.0625');
    expect(elements(svg, 'series').map((s) => [s['data-name'], s.points.split(' ').length])).toEqual([['per step', 69], ['epoch mean', 3]]);
    expect(elements(svg, 'marker')).toHaveLength(3);
    expectClearLegend(svg);
  });

  it('knn: epoch 0 is the random-init baseline, markers and value labels, x from 0 to the last epoch', () => {
    const { r } = fakeRun();
    const spec = knnPlot(r);
    expect(spec.series[0].points).toEqual([[0, 28.79], [3, 41.67]]);
    const svg = linePlotSvg(spec);
    expect(elements(svg, 'marker')).toHaveLength(2);
    expect(elements(svg, 'reference')).toHaveLength(1);
    expect(svg).toContain('random-init encoder: 28.8%');
    expect(svg).toContain('>41.7%</text>');
    expect(texts(svg, 'x-tick')).toEqual(['0', '1', '2', '3']);
    expect(geometry(svg).yRange[0]).toBe(0);
    expectClearLegend(svg);
    // One point alone (no baseline) is still a visible marker, on an integer axis.
    const one = linePlotSvg(knnPlot(fakeRun(1, 5, false).r));
    expect(elements(one, 'marker')).toHaveLength(1);
    expect(texts(one, 'x-tick')).toEqual(['0', '1']);
    expect(elements(one, 'reference')).toHaveLength(0);
    // No test split: an empty plot that says why.
    const none = fakeRun(2, 5, false).r;
    none.epochs.forEach((e) => (e.knnTop1 = null));
    expect(linePlotSvg(knnPlot(none))).toContain('no kNN evaluation');
  });

  it('a legend too wide for one row wraps, and the plot area moves down below it', () => {
    const long = (i: number) => ({ name: `a rather long series name number ${i}`, points: [[0, i], [1, i + 1]] as Array<[number, number]> });
    const spec: PlotSpec = { title: 't', xLabel: 'x', yLabel: 'y', series: [0, 1, 2, 3, 4].map(long), references: [{ y: 2, label: 'a reference' }] };
    const g = geometry(linePlotSvg(spec));
    expect(g.legend.y1 - g.legend.y0).toBeGreaterThan(40);
    expectClearLegend(linePlotSvg(spec));
  });

  it('renders a PNG of the plot size', async () => {
    const path = join(tmp.path, 'loss.png');
    const { r, steps } = fakeRun();
    await writePlotPng(path, lossPlot(r, steps));
    const meta = await sharp(path).metadata();
    expect([meta.format, meta.width, meta.height]).toEqual(['png', PLOT_WIDTH, PLOT_HEIGHT]);
  });
});
