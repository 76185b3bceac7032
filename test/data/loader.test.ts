import { describe, expect, it } from 'vitest';
import { BatchLoader, type Batch, type BatchLoaderOptions, type DatasetSplit, type SplitRead } from '../../src/data/index.js';

/** A split of 1x1 images whose pixel is the record index; reads go through `gate`. */
class FakeSplit implements DatasetSplit {
  name = 'train';
  classNames = ['even', 'odd'];
  labels: Int32Array;
  requests: number[][] = [];
  inFlight = 0;
  maxInFlight = 0;

  constructor(readonly size: number, private gate: (indices: number[]) => Promise<void> = async () => {}) {
    this.labels = Int32Array.from({ length: size }, (_, i) => i % 2);
  }

  async read(indices: number[]): Promise<SplitRead> {
    this.requests.push(indices);
    this.maxInFlight = Math.max(this.maxInFlight, ++this.inFlight);
    try {
      await this.gate(indices);
    } finally {
      this.inFlight--;
    }
    const bad = indices.filter((i) => i % 10 === 9);
    const good = indices.filter((i) => i % 10 !== 9);
    return {
      images: good.map((i) => ({ data: new Uint8Array([i, i, i]), height: 1, width: 1 })),
      labels: Int32Array.from(good, (i) => this.labels[i]),
      indices: good,
      skipped: bad.map((i) => ({ path: `/fake/${i}.jpg`, reason: 'broken' })),
    };
  }
}

const base: BatchLoaderOptions = { batchSize: 4, seed: 7, epoch: 0, shuffle: true, dropLast: false, onSkip: null };

async function collect(loader: BatchLoader): Promise<Batch[]> {
  const out: Batch[] = [];
  for await (const b of loader) out.push(b);
  return out;
}
const requested = async (split: DatasetSplit, o: Partial<BatchLoaderOptions>) =>
  (await collect(new BatchLoader(split, { ...base, ...o }))).map((b) => [...b.indices, ...b.skipped.map((s) => Number(s.path.slice(6, -4)))]);

describe('BatchLoader order', () => {
  it('the same (seed, epoch) gives the same batches; another epoch or seed another order; every record once', async () => {
    const split = new FakeSplit(30);
    const a = new BatchLoader(split, base), b = new BatchLoader(split, base);
    expect(Array.from(a.order)).toEqual(Array.from(b.order));
    expect(Array.from(new BatchLoader(split, { ...base, epoch: 1 }).order)).not.toEqual(Array.from(a.order));
    expect(Array.from(new BatchLoader(split, { ...base, seed: 8 }).order)).not.toEqual(Array.from(a.order));
    expect(Array.from(a.order).sort((x, y) => x - y)).toEqual(Array.from({ length: 30 }, (_, i) => i));
    const batches = await collect(a);
    expect(batches.map((x) => x.step)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
    expect(split.requests.flat()).toEqual(Array.from(a.order));
    expect(split.requests.map((r) => r.length)).toEqual([4, 4, 4, 4, 4, 4, 4, 2]);
    expect(await requested(split, {})).toEqual(await requested(split, {}));
  });

  it('shuffle: false keeps record order; dropLast drops the short tail', async () => {
    const split = new FakeSplit(10);
    expect(Array.from(new BatchLoader(split, { ...base, shuffle: false }).order)).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const drop = new BatchLoader(split, { ...base, shuffle: false, dropLast: true });
    expect(drop.steps).toBe(2);
    expect((await collect(drop)).map((b) => b.indices)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(new BatchLoader(new FakeSplit(3), { ...base, dropLast: true }).steps).toBe(0);
    expect(await collect(new BatchLoader(new FakeSplit(3), { ...base, dropLast: true }))).toEqual([]);
  });

  it('startStep resumes with exactly the tail of the uninterrupted epoch', async () => {
    const split = new FakeSplit(37);
    const full = await collect(new BatchLoader(split, { ...base, epoch: 4 }));
    const resumed = await collect(new BatchLoader(split, { ...base, epoch: 4, startStep: 6 }));
    expect(resumed.map((b) => b.step)).toEqual([6, 7, 8, 9]);
    expect(resumed.map((b) => [b.indices, Array.from(b.labels)])).toEqual(full.slice(6).map((b) => [b.indices, Array.from(b.labels)]));
    expect(await collect(new BatchLoader(split, { ...base, startStep: 10 }))).toEqual([]);
  });
});

describe('BatchLoader prefetch', () => {
  it('has batches k+1 .. k+prefetch requested while batch k is consumed', async () => {
    for (const prefetch of [2, 3]) {
      const split = new FakeSplit(40, () => new Promise((r) => setTimeout(r, 1)));
      const loader = new BatchLoader(split, { ...base, prefetch });
      for await (const b of loader) {
        expect(split.requests.length).toBe(Math.min(b.step + 1 + prefetch, loader.steps));
        expect(split.requests[b.step]).toEqual(loader.batchIndices(b.step));
      }
      expect(split.maxInFlight).toBe(prefetch + 1);
    }
  });

  it('reads run concurrently: three reads are pending before the first one resolves', async () => {
    const release: Array<() => void> = [];
    const split = new FakeSplit(20, () => new Promise<void>((r) => release.push(r)));
    const it = new BatchLoader(split, base)[Symbol.asyncIterator]();
    const first = it.next();
    await new Promise((r) => setImmediate(r));
    expect(split.requests.length).toBe(3);
    expect(split.inFlight).toBe(3);
    release[1]();  // finishing batch 1 early does not let it overtake batch 0
    release[0]();
    expect((await first).value!.step).toBe(0);
    const second = it.next();
    await new Promise((r) => setImmediate(r));
    expect(split.requests.length).toBe(4);
    expect((await second).value!.step).toBe(1);
    await it.return!(undefined);
    release.forEach((r) => r());
  });

  it('a failing read surfaces at its own step, with no unhandled rejection from prefetched ones', async () => {
    const split = new FakeSplit(40, async (indices) => {
      if (indices[0] >= 12) throw new Error(`disk gone at ${indices[0]}`);  // steps 3, 4, 5 all fail
    });
    const loader = new BatchLoader(split, { ...base, shuffle: false });
    const steps: number[] = [];
    await expect((async () => {
      for await (const b of loader) steps.push(b.step);
    })()).rejects.toThrow('disk gone at 12');
    expect(steps).toEqual([0, 1, 2]);
  });
});

describe('BatchLoader skipped records and stats', () => {
  it('drops skipped records from the batch, counts them and reports each file once per split', async () => {
    const split = new FakeSplit(25);
    const seen: string[] = [];
    const loader = new BatchLoader(split, { ...base, onSkip: (r) => seen.push(`${r.path}: ${r.reason}`) });
    const batches = await collect(loader);
    expect(batches.reduce((n, b) => n + b.images.length, 0)).toBe(23);
    expect(seen.sort()).toEqual(['/fake/19.jpg: broken', '/fake/9.jpg: broken']);
    const s = loader.stats;
    expect([s.batches, s.images, s.skipped]).toEqual([7, 23, 2]);
    expect(s.readSeconds).toBeGreaterThanOrEqual(0);
    expect(s.waitSeconds).toBeGreaterThanOrEqual(0);
    await collect(new BatchLoader(split, { ...base, epoch: 1, onSkip: (r) => seen.push(r.path) }));
    expect(seen.length).toBe(2);
  });

  it('warns on the console by default, one line per file', async () => {
    const lines: string[] = [];
    const warn = console.warn;
    console.warn = (line: string) => lines.push(line);
    try {
      const { onSkip: _, ...defaults } = base;
      await collect(new BatchLoader(new FakeSplit(10), { ...defaults, shuffle: false }));
    } finally {
      console.warn = warn;
    }
    expect(lines).toEqual(['warning: skipped an image: /fake/9.jpg: broken']);
  });
});

describe('BatchLoader options', () => {
  const split = new FakeSplit(10);
  const bad: Array<[Partial<BatchLoaderOptions> & Record<string, unknown>, string]> = [
    [{ batchSize: -1 }, 'Expected positive integer for batchSize but received -1 of type number'],
    [{ batchSize: 2.5 }, 'Expected positive integer for batchSize but received 2.5 of type number'],
    [{ seed: -3 }, 'Expected non-negative integer for seed but received -3 of type number'],
    [{ epoch: '1' as never }, "Expected non-negative integer for epoch but received '1' of type string"],
    [{ shuffle: 1 as never }, 'Expected boolean for shuffle but received 1 of type number'],
    [{ prefetch: 1 }, 'Expected integer >= 2 for prefetch but received 1 of type number'],
    [{ startStep: 4 }, 'Expected integer between 0 and 3 for startStep but received 4 of type number'],
    [{ batch: 3 }, 'Unknown option batch for BatchLoader (known: batchSize, seed, epoch, shuffle, dropLast, prefetch, startStep, onSkip, shard)'],
  ];
  for (const [o, message] of bad)
    it(`rejects ${JSON.stringify(o)}`, () => {
      expect(() => new BatchLoader(split, { ...base, ...o })).toThrow(message);
    });
  it('rejects something that is not a split', () => {
    expect(() => new BatchLoader({} as DatasetSplit, base)).toThrow('Expected a DatasetSplit for split but received an object');
  });
});
