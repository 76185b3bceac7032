// Shapes shared by every dataset source, the loader and the eval helpers.

/** Packed RGB8, row-major (height x width x 3). */
export interface RgbImage {
  data: Uint8Array;
  height: number;
  width: number;
}

/** A record that could not be decoded; reads report these instead of throwing. */
export interface SkippedRecord {
  path: string;
  reason: string;
}

export interface SplitRead {
  images: RgbImage[];
  labels: Int32Array;
  /** The requested indices that were read, in request order (skipped ones left out). */
  indices: number[];
  skipped: SkippedRecord[];
}

export interface DatasetSplit {
  /** 'train' | 'test' | 'val' */
  name: string;
  size: number;
  /** Label of every record. */
  labels: Int32Array;
  classNames: string[];
  read(indices: number[]): Promise<SplitRead>;
}

/** Where a dataset came from (for summaries and logs). */
export interface DatasetSource {
  kind: 'mnist' | 'cifar10' | 'folder';
  /** Absolute folder of cifar10: and folder: datasets. */
  root?: string;
  /** folder: the detected layout. */
  layout?: 'train-val' | 'intel' | 'stanford-dogs' | 'train-only' | 'flat';
  /** folder: seed of the holdout test split, null when the layout has its own test folder. */
  holdoutSeed?: number | null;
}

export interface Dataset {
  spec: string;
  train: DatasetSplit;
  test: DatasetSplit | null;
  numClasses: number;
  classNames: string[];
  source?: DatasetSource;
}

export interface OpenDatasetOptions {
  /** Seed of the holdout split for folders without one (default 0). */
  seed?: number;
  /** Downscale decoded folder images so the longer side is at most this (keeps aspect). */
  maxImageSide?: number;
}
