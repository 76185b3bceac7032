// openDataset(spec): the one entry point from a dataset spec string to splits.
import { resolve } from 'node:path';
import { invalid, knownKeys, nonNegativeInteger, positiveInteger } from '../validate.js';
import { openCifar10 } from './cifar10.js';
import { openFolder } from './folder_dataset.js';
import { openMnist } from './mnist.js';
import type { Dataset, OpenDatasetOptions } from './types.js';

export const DATASET_SPECS = ["'mnist'", "'cifar10:<dir>'", "'folder:<dir>'"];

function directoryOf(spec: string, prefix: string): string {
  const dir = spec.slice(prefix.length);
  if (dir.trim() === '') throw new Error(`Expected a directory after '${prefix}' in dataset spec '${spec}' (accepted: ${DATASET_SPECS.join(', ')})`);
  return resolve(dir);
}

export async function openDataset(spec: string, options: OpenDatasetOptions = {}): Promise<Dataset> {
  if (typeof spec !== 'string') throw invalid(`a dataset spec (${DATASET_SPECS.join(', ')})`, 'spec', spec);
  const o = knownKeys(options, 'options', ['seed', 'maxImageSide'], 'openDataset');
  const seed = o.seed === undefined ? 0 : nonNegativeInteger(o.seed, 'seed');
  const maxImageSide = o.maxImageSide === undefined ? undefined : positiveInteger(o.maxImageSide, 'maxImageSide');
  if (spec === 'mnist') return openMnist(spec);
  if (spec.startsWith('cifar10:')) return openCifar10(spec, directoryOf(spec, 'cifar10:'));
  if (spec.startsWith('folder:')) return openFolder(spec, directoryOf(spec, 'folder:'), seed, maxImageSide);
  throw new Error(`Unknown dataset spec '${spec}' (accepted: ${DATASET_SPECS.join(', ')})`);
}
