// A split of image files decoded on demand; files that fail to decode are
// returned as skipped records.
import { checkIndices } from '../validate.js';
import { decodeImageFile } from './decode.js';
import type { DatasetSplit, RgbImage, SkippedRecord, SplitRead } from './types.js';

export class FolderSplit implements DatasetSplit {
  readonly size: number;

  constructor(
    readonly name: string,
    readonly paths: string[],
    readonly labels: Int32Array,
    readonly classNames: string[],
    private readonly maxImageSide?: number,
  ) {
    this.size = paths.length;
  }

  async read(indices: number[]): Promise<SplitRead> {
    checkIndices(indices, this.size);
    // All at once: sharp queues them on the libuv pool, which bounds concurrency.
    const results = await Promise.all(indices.map((i) => decodeImageFile(this.paths[i], this.maxImageSide)));
    const images: RgbImage[] = [], kept: number[] = [], skipped: SkippedRecord[] = [];
    results.forEach((r, j) => {
      if (r.image) {
        images.push(r.image);
        kept.push(indices[j]);
      } else skipped.push({ path: this.paths[indices[j]], reason: r.reason });
    });
    return { images, labels: Int32Array.from(kept, (i) => this.labels[i]), indices: kept, skipped };
  }
}
