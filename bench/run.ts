// npm run bench: fused and native kernels vs stock ones on every backend present
// (`bench loss`, `bench augment`, `bench conv`, `bench elementwise` for one group; `bench conv-mnist`, not in the
// default run: the conv shapes of the mnist-demo model;
// `bench dispatch`, not in the default run: the CPU kernels of the dispatched paths alone).
// Writes bench/results/latest.json (array of BenchRow), or the file SIMSIAM_BENCH_OUT names.
// SIMSIAM_NATIVE_ADDON=path/to/simsiam_native.node benches another build of the addon.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import os from 'node:os';
import { nativeInfo, registerCudaBackend, tf } from '../src/index.js';
import type { BenchRow } from './harness.js';
import { benchLoss } from './SimSiamLoss.bench.js';
import { benchAugment } from './SimSiamAugment.bench.js';
import { benchConv } from './Conv2D.bench.js';
import { benchElementwise } from './Elementwise.bench.js';
import { benchCpuDispatch } from './CpuDispatch.bench.js';
import { benchStep } from './Step.bench.js';

async function benchBackends(): Promise<string[]> {
  const backends = ['cpu'];
  if (registerCudaBackend().mode === 'cuda') backends.push('cuda');  // a real device, not the host reference one
  for (const pkg of ['@tensorflow/tfjs-node-gpu', '@tensorflow/tfjs-node']) {
    try {
      await import(pkg);
      backends.push('tensorflow');
      break;
    } catch {
      // optional peer not installed
    }
  }
  return backends;
}

const info = nativeInfo();
console.log(`# simsiam-node bench: ${os.cpus().length} CPU cores (${os.cpus()[0]?.model}), ` +
  `GPU: ${info.devices[0]?.name ?? `none (${info.cuda.reason})`}, CPU path: ${info.build.cpuPath}, addon: ${info.build.addonPath}`);
const only = process.argv[2];
const rows: BenchRow[] = [];
if (!only || only === 'loss') await benchLoss(rows, await benchBackends());
if (!only || only === 'augment') await benchAugment(rows);
if (!only || only === 'conv') await benchConv(rows);
if (!only || only === 'elementwise') await benchElementwise(rows);
if (only === 'conv-mnist') await benchConv(rows, 'mnist');
if (only === 'dispatch') await benchCpuDispatch(rows);
if (only === 'step') await benchStep(rows);  // the training step against PyTorch (minutes): bench/Step.bench.ts
await tf.setBackend('cpu');

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const out = process.env.SIMSIAM_BENCH_OUT || join(root, 'bench', 'results', 'latest.json');
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(rows, null, 2) + '\n');
console.log(`\nwrote ${out}`);
