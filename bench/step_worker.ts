// One measurement of `npm run bench step` in its own process (SIMSIAM_NUM_THREADS is read once, when the addon's
// thread pool starts): the training step that `simsiam train` runs (src/train/step.ts: both views forward and
// backward, the fused loss with stop-gradient, the collapse monitor, one SGD update with momentum and weight
// decay, the host reads of the loss and the monitor) on fixed random views, with a preset's model and optimiser.
//   node dist/bench/step_worker.js '{"preset":"mnist-demo","batch":128,"backend":"cpu","warmup":2,"minSteps":3,"seconds":5}'
// backend "cuda-host": the cuda backend on the host reference device (SIMSIAM_CUDA_DEVICE=host).
// Prints one JSON object on stdout.
import os from 'node:os';
import { buildSimSiam, nativeInfo, registerCudaBackend, tf } from '../src/index.js';
import { modelConfigOf, PRESETS, type PresetName } from '../src/train/config.js';
import { createOptimizer, trainStep } from '../src/train/step.js';

interface Spec {
  preset: PresetName;
  batch: number;
  size: number;
  backend: 'cpu' | 'cuda-host';
  warmup: number;
  minSteps: number;
  seconds: number;
}

const spec = JSON.parse(process.argv[2]) as Spec;
if (spec.backend === 'cuda-host') {
  const r = registerCudaBackend('host');
  if (r.mode !== 'host') throw new Error(`cannot register the cuda backend on the host reference device: ${r.reason}`);
  await tf.setBackend('cuda');
} else {
  await tf.setBackend('cpu');
}
const config = PRESETS[spec.preset];
const model = buildSimSiam(modelConfigOf(config), 0);
const sgd = createOptimizer(model, config.momentum, config.weightDecay);
const lr = (config.baseLr * spec.batch) / 256;
const rates = { encoder: lr, predictor: lr };
const shape: [number, number, number, number] = [spec.batch, spec.size, spec.size, 3];
const view1 = tf.randomNormal(shape, 0, 1, 'float32', 1) as tf.Tensor4D;
const view2 = tf.randomNormal(shape, 0, 1, 'float32', 2) as tf.Tensor4D;

const t0w = performance.now();
let last = { loss: NaN, collapseStd: NaN };
for (let i = 0; i < spec.warmup; i++) last = await trainStep(model, sgd, view1, view2, rates);
const warmupMs = performance.now() - t0w;
const tensorsBefore = tf.memory().numTensors;

const cpu0 = process.cpuUsage();
const t0 = performance.now();
let steps = 0;
while (steps < spec.minSteps || performance.now() - t0 < spec.seconds * 1000) {
  last = await trainStep(model, sgd, view1, view2, rates);
  steps++;
}
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
const tensorsAfter = tf.memory().numTensors;

// The kernels of one step (untimed): the per-op host cost is µs per step / kernels per step.
const profile = await tf.profile(async () => { await trainStep(model, sgd, view1, view2, rates); });

console.log(JSON.stringify({
  preset: spec.preset, batch: spec.batch, backend: spec.backend, threads: nativeInfo().build.threads,
  imagesPerSecond: (spec.batch * steps * 1000) / ms, msPerStep: ms / steps, steps, warmupSteps: spec.warmup, warmupMs,
  cpuMsPerStep: (cpu.user + cpu.system) / 1000 / steps, kernelsPerStep: profile.kernels.length,
  leakedTensorsPerStep: (tensorsAfter - tensorsBefore) / steps, loss: last.loss, collapseStd: last.collapseStd,
  loadavg: os.loadavg(),
}));
