// End-of-run report: report.json plus PNG plots of the loss, the kNN accuracy
// and the collapse monitor.
import { join } from 'node:path';
import { writeFileAtomic } from '../io/atomic_write.js';
import type { TrainResult } from '../train/run_state.js';
import { writePlotPng } from './plot.js';

export async function writeRunReport(dir: string, r: TrainResult): Promise<string[]> {
  const files = [join(dir, 'loss.png'), join(dir, 'knn.png'), join(dir, 'collapse.png'), join(dir, 'report.json')];
  await writePlotPng(files[0], {
    title: 'SimSiam loss', xLabel: 'epoch', yLabel: 'loss',
    series: [{ name: 'mean loss per epoch', points: r.epochs.map((e) => [e.epoch + 1, e.loss]) }],
    references: [{ y: -1, label: 'minimum -1' }],
  });
  const knn = r.epochs.filter((e) => e.knnTop1 !== null);
  await writePlotPng(files[1], {
    title: 'kNN monitor (top-1)', xLabel: 'epoch', yLabel: 'accuracy %',
    series: [{ name: 'trained', points: knn.map((e) => [e.epoch + 1, 100 * e.knnTop1!]) }],
    references: r.baselineKnn ? [{ y: 100 * r.baselineKnn.top1, label: 'random-init encoder' }] : [],
  });
  await writePlotPng(files[2], {
    title: 'Collapse monitor: std of l2-normalised z', xLabel: 'epoch', yLabel: 'std',
    series: [{ name: 'std over the batch, mean over dims', points: r.epochs.map((e) => [e.epoch + 1, e.collapseStd]) }],
    references: [{ y: 1 / Math.sqrt(r.config.projectorDim), label: 'healthy 1/sqrt(d)' }],
  });
  const { stepLosses: _omit, ...summary } = r;
  await writeFileAtomic(files[3], JSON.stringify(summary, null, 2) + '\n', 'report');
  return files;
}
