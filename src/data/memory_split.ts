// A split whose records are already in memory (mnist, CIFAR-10): nothing can
// fail to decode, so reads never skip.
import { checkIndices } from '../validate.js';
import type { DatasetSplit, RgbImage, SplitRead } from './types.js';

export class MemorySplit implements DatasetSplit {
  readonly size: number;

  constructor(
    readonly name: string,
    readonly labels: Int32Array,
    readonly classNames: string[],
    private readonly image: (index: number) => RgbImage,
  ) {
    this.size = labels.length;
  }

  async read(indices: number[]): Promise<SplitRead> {
    checkIndices(indices, this.size);
    return {
      images: indices.map((i) => this.image(i)),
      labels: Int32Array.from(indices, (i) => this.labels[i]),
      indices: indices.slice(),
      skipped: [],
    };
  }
}
