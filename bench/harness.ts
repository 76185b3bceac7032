// benchmark.js wrapper: runs named cases, prints a table with ratios against
// the stock case of each group, and collects rows for bench/results/*.json.
import Benchmark from 'benchmark';

export interface BenchRow {
  name: string;
  backend: string;
  device: string;
  n: number;          // items per call (rows of the loss, views of the augmentation)
  meanMs: number;     // per call
  opsPerSec: number;  // items per second
  ratioVsStock: number | null;  // per-item time of the group's stock case / this case's
}

export interface BenchCase {
  name: string;
  backend: string;
  device: string;
  n: number;
  stock?: boolean;
  /** Floating-point operations per item: adds GFLOP/s to the printed line. */
  flopsPerItem?: number;
  /** Bytes read and written per item: adds GB/s to the printed line. */
  bytesPerItem?: number;
  /** Runs this package's native code (the cases SIMSIAM_BENCH_NATIVE_ONLY=1 keeps). */
  native?: boolean;
  /** Synchronous or promise-returning body of one call. */
  fn: () => unknown;
}

const maxTime = Number(process.env.SIMSIAM_BENCH_SECONDS ?? 3);
// SIMSIAM_BENCH_NATIVE_ONLY=1: only the native cases (e.g. to compare two builds of the addon; no stock baseline, so
// no ratios).
const nativeOnly = process.env.SIMSIAM_BENCH_NATIVE_ONLY === '1';

// SIMSIAM_BENCH_CLOCK=cpu: the process's CPU time (user + system) per call instead of wall time, the least of 5
// samples; with SIMSIAM_NUM_THREADS=1 it is the kernels' own time, hardly changed by other processes on the cores.
const cpuClock = process.env.SIMSIAM_BENCH_CLOCK === 'cpu';
const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

async function runCaseCpu(c: BenchCase): Promise<number> {
  let best = Infinity;
  for (let sample = 0; sample < 5; sample++) {
    const t0 = cpuMs();
    let calls = 0, spent = 0;
    do {
      await c.fn();
      calls++;
      spent = cpuMs() - t0;
    } while (spent < (maxTime * 1000) / 5);
    best = Math.min(best, spent / calls);
  }
  return best;
}

export async function runCase(c: BenchCase): Promise<number> {
  // Warm-up and first-call costs. A call slower than the time budget is timed
  // by that call alone (benchmark.js would run it several more times).
  const t0 = performance.now();
  const first = c.fn();
  const isAsync = first instanceof Promise;
  await first;
  const firstMs = performance.now() - t0;
  if (cpuClock) return runCaseCpu(c);
  if (firstMs >= maxTime * 1000) return firstMs;
  return new Promise((resolve, reject) => {
    const bench = new Benchmark(c.name, {
      defer: isAsync,
      maxTime,
      minSamples: 3,
      fn: isAsync ? (d: Benchmark.Deferred) => (c.fn() as Promise<unknown>).then(() => d.resolve(), reject) : c.fn,
      onComplete: () => resolve(bench.stats.mean * 1000),
      onError: (e: unknown) => reject((e as { target?: { error?: unknown } }).target?.error ?? e),
    });
    bench.run({ async: true });
  });
}

/** Runs a group; each case's ratio is its items/s over the stock case's (if any). */
export async function runGroup(title: string, cases: BenchCase[], rows: BenchRow[]): Promise<void> {
  console.log(`\n## ${title}`);
  if (nativeOnly) cases = cases.filter((c) => c.native);
  const timed: BenchRow[] = [];
  for (const c of cases) {
    const meanMs = await runCase(c);
    timed.push({ name: c.name, backend: c.backend, device: c.device, n: c.n, meanMs, opsPerSec: (c.n * 1000) / meanMs, ratioVsStock: null });
    const gflops = c.flopsPerItem ? `  ${((c.flopsPerItem * c.n) / meanMs / 1e6).toFixed(2).padStart(8)} GFLOP/s` : '';
    const gbs = c.bytesPerItem ? `  ${((c.bytesPerItem * c.n) / meanMs / 1e6).toFixed(2).padStart(8)} GB/s` : '';
    console.log(`  ${c.name.padEnd(52)} ${meanMs.toFixed(3).padStart(10)} ms  ${((c.n * 1000) / meanMs).toFixed(0).padStart(10)} items/s${gflops}${gbs}`);
  }
  const stockIdx = cases.findIndex((c) => c.stock);
  if (stockIdx >= 0)
    for (const r of timed) r.ratioVsStock = r.opsPerSec / timed[stockIdx].opsPerSec;
  for (const r of timed)
    if (r.ratioVsStock !== null && r !== timed[stockIdx]) console.log(`  -> ${r.name}: ${r.ratioVsStock.toFixed(1)}x the stock case`);
  rows.push(...timed);
}
