// The data layer: datasets, decoding, the prefetching loader and the eval and
// visualisation helpers.
export type { Dataset, DatasetSource, DatasetSplit, OpenDatasetOptions, RgbImage, SkippedRecord, SplitRead } from './types.js';
export { openDataset, DATASET_SPECS } from './open_dataset.js';
export { BatchLoader, type Batch, type BatchLoaderOptions, type LoaderStats } from './loader.js';
export { evalTransform, type EvalTransformOptions, type PackedRgbBatch } from './eval_transform.js';
export { writeAugmentationGrid, gridSize, type GridOptions, type GridRow } from './grid.js';
export { summarizeDataset, formatDatasetSummary, type DatasetSummary, type SplitSummary, type ImageSizeStats, type SummaryOptions } from './summary.js';
export { decodeImageFile, setDecodeConcurrency, type DecodeResult } from './decode.js';
