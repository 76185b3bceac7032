// Two (or more) builds of the addon on the same native bench cases, interleaved
// (A, B, A, B, ...) so that the load of other processes hits both alike:
//
//   node dist/bench/compare_builds.js [--rounds N] [--groups conv,elementwise,...] [--out file.json] \
//     NAME=path/to/simsiam_native.node NAME2=path/to/other.node[@avx2]
//
// A build named with @path runs under SIMSIAM_CPU_PATH=path (a lower CPU path
// of a portable build).
// Each run is `node dist/bench/run.js GROUP` in a child process with
// SIMSIAM_NATIVE_ADDON set to the build and SIMSIAM_BENCH_NATIVE_ONLY=1 (no
// stock cases). Prints, per case, each build's best and median ms per call and
// every build's best against the first build's; the load average is sampled
// before and after each run. --out writes all of it as JSON. The environment
// passes on: SIMSIAM_BENCH_CLOCK=cpu with SIMSIAM_NUM_THREADS=1 times CPU time
// on one thread, which other processes on the cores hardly change.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchRow } from './harness.js';

interface Build { name: string; addon: string; cpuPath: string | null }
interface Run { build: string; group: string; round: number; loadBefore: number[]; loadAfter: number[]; cpuPath: string; rows: BenchRow[] }

function parseArgs(argv: string[]) {
  let rounds = 2, groups = ['conv', 'elementwise', 'loss', 'augment'], out: string | null = null;
  const builds: Build[] = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--rounds') rounds = Number(argv[++i]);
    else if (a === '--groups') groups = argv[++i].split(',');
    else if (a === '--out') out = resolve(argv[++i]);
    else if (/^[\w.-]+=/.test(a)) {
      const [name, spec] = [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)];
      const at = spec.lastIndexOf('@');
      builds.push(at > 0 ? { name, addon: resolve(spec.slice(0, at)), cpuPath: spec.slice(at + 1) } : { name, addon: resolve(spec), cpuPath: null });
    } else throw new Error(`compare_builds: unexpected argument ${a}`);
  }
  if (builds.length < 2 || !(rounds >= 1)) throw new Error('compare_builds: give --rounds >= 1 and at least two NAME=addon builds');
  return { rounds, groups, out, builds };
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
};

const { rounds, groups, out, builds } = parseArgs(process.argv.slice(2));
const runJs = join(dirname(fileURLToPath(import.meta.url)), 'run.js');
const tmp = mkdtempSync(join(os.tmpdir(), 'simsiam-bench-'));
const runs: Run[] = [];
for (let round = 0; round < rounds; round++)
  for (const group of groups)
    for (const b of builds) {
      const file = join(tmp, `${b.name}-${group}-${round}.json`);
      const loadBefore = os.loadavg();
      const r = spawnSync(process.execPath, [runJs, group], {
        env: { ...process.env, SIMSIAM_NATIVE_ADDON: b.addon, SIMSIAM_BENCH_NATIVE_ONLY: '1', SIMSIAM_BENCH_OUT: file,
          SIMSIAM_CPU_PATH: b.cpuPath ?? process.env.SIMSIAM_CPU_PATH ?? '' },
        encoding: 'utf8',
      });
      if (r.status !== 0) throw new Error(`${b.name} ${group}: exit ${r.status}\n${r.stdout}\n${r.stderr}`);
      const cpuPath = /CPU path: (\w+)/.exec(r.stdout)?.[1] ?? 'unknown';
      const rows = JSON.parse(readFileSync(file, 'utf8')) as BenchRow[];
      runs.push({ build: b.name, group, round, loadBefore, loadAfter: os.loadavg(), cpuPath, rows });
      console.log(`round ${round + 1}/${rounds} ${group} ${b.name} (${cpuPath}): load ${loadBefore[0].toFixed(2)} -> ${os.loadavg()[0].toFixed(2)}`);
    }

// Per case: every build's ms per call over the rounds.
const cases = new Map<string, Map<string, number[]>>();
for (const r of runs)
  for (const row of r.rows) {
    const perBuild = cases.get(row.name) ?? new Map<string, number[]>();
    cases.set(row.name, perBuild);
    perBuild.set(r.build, [...(perBuild.get(r.build) ?? []), row.meanMs]);
  }
const first = builds[0].name;
const summary = [...cases].map(([name, perBuild]) => {
  const builds_ = Object.fromEntries([...perBuild].map(([b, ms]) => [b, { ms, bestMs: Math.min(...ms), medianMs: median(ms) }]));
  const base = builds_[first];
  const vsFirst = Object.fromEntries(Object.entries(builds_).filter(([b]) => b !== first)
    .map(([b, s]) => [b, { best: base.bestMs / s.bestMs, median: base.medianMs / s.medianMs }]));
  return { name, builds: builds_, speedVs: { [first]: vsFirst } };
});

console.log(`\nspeed of each build over ${first} (best of ${rounds}; >1: faster), median in brackets`);
for (const s of summary) {
  const cols = Object.entries(s.speedVs[first]).map(([b, v]) => `${b} ${v.best.toFixed(2)} (${v.median.toFixed(2)})`);
  console.log(`  ${s.name.slice(0, 70).padEnd(70)} ${first} ${s.builds[first].bestMs.toFixed(3).padStart(9)} ms  ${cols.join('  ')}`);
}
const loads = runs.flatMap((r) => [r.loadBefore[0], r.loadAfter[0]]);
console.log(`1-minute load average over the runs: ${Math.min(...loads).toFixed(2)} - ${Math.max(...loads).toFixed(2)} ` +
  `(median ${median(loads).toFixed(2)}) on ${os.cpus().length} cores`);
if (out) {
  writeFileSync(out, JSON.stringify({
    cpu: os.cpus()[0]?.model, cores: os.cpus().length, node: process.version, rounds, groups,
    clock: process.env.SIMSIAM_BENCH_CLOCK === 'cpu' ? 'cpu time (user + system) per call, least of 5 samples' : 'wall time per call (benchmark.js mean)',
    threads: process.env.SIMSIAM_NUM_THREADS ?? 'all cores', secondsPerCase: Number(process.env.SIMSIAM_BENCH_SECONDS ?? 3),
    builds: builds.map((b) => ({ ...b, cpuPath: runs.find((r) => r.build === b.name)?.cpuPath })),
    load: { min: Math.min(...loads), max: Math.max(...loads), median: median(loads) },
    cases: summary,
    runs: runs.map(({ rows, ...r }) => ({ ...r, rows: rows.map(({ name, meanMs }) => ({ name, meanMs })) })),
  }, null, 2) + '\n');
  console.log(`wrote ${out}`);
}
