// The CPU paths of the addon (native/util/CpuDispatch.h): every path this
// build can take on this CPU, each in a child process under SIMSIAM_CPU_PATH
// (cpu_dispatch/check_path.mjs: the GEMM, the convolutions, the element-wise
// kernels and reductions against references, denormal flushing, and the
// augmentation, which this file compares with its float64 reference); a path
// this CPU cannot run refuses to load; and, in a portable build, no AVX
// instruction outside the avx2 and avx512 variants (objdump).
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { nativeInfo } from '../src/index.js';
import { native } from '../src/native/index.js';
import { resolveAugmentOptions } from '../src/ops/augment_options.js';
import { decodeViewParams } from '../src/ops/view_params.js';
import { maxAbsDiff, randomImages } from './helpers.js';
import { referenceView } from './reference/augment_reference.js';

const { build } = nativeInfo();
const child = join(dirname(fileURLToPath(import.meta.url)), 'cpu_dispatch', 'check_path.mjs');
const PATHS = ['avx512', 'avx2', 'sse2'] as const;

// The augmentation job: every jitter step, grayscale and blur show up in 2 x 24 views.
const AUG = { count: 24, height: 23, width: 31, seed: 77 };
const { config } = resolveAugmentOptions({ size: 20, jitterProb: 0.9, grayscaleProb: 0.3, blurProb: 0.5 });
const pixels = randomImages(AUG.count, AUG.height, AUG.width, 4);
const dir = mkdtempSync(join(tmpdir(), 'simsiam-cpu-paths-'));
const job = join(dir, 'augment.json');
writeFileSync(job, JSON.stringify({ ...AUG, config, images: Buffer.from(pixels).toString('base64') }));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** How far views (view1 then view2, as the child sends them) are from the float64 reference of their parameters. */
function augmentError(views: Float32Array): number {
  const size = AUG.height * AUG.width * 3, S = config.size, viewSize = S * S * 3;
  const images = Array.from({ length: AUG.count }, (_, i) => pixels.subarray(i * size, (i + 1) * size));
  const sides = (v: number) => new Int32Array(AUG.count).fill(v);
  // The parameters do not depend on the path (drawn by baseline code): take them from this process.
  const raw = native.augment(images, sides(AUG.height), sides(AUG.width), config, AUG.seed, true, false);
  const params = decodeViewParams(raw.params!, AUG.count, native.augmentParamFields);
  let worst = 0;
  for (let v = 0; v < 2; v++)
    for (let i = 0; i < AUG.count; i++) {
      const got = views.subarray((v * AUG.count + i) * viewSize, (v * AUG.count + i + 1) * viewSize);
      const ref = referenceView(images[i], AUG.height, AUG.width, params[v][i], { size: S, mean: config.mean, std: config.std });
      worst = Math.max(worst, maxAbsDiff(got, ref));
    }
  return worst;
}

function runPath(path: string, env: NodeJS.ProcessEnv = {}) {
  return spawnSync(process.execPath, [child, build.addonPath, job], {
    env: { ...process.env, SIMSIAM_CPU_PATH: path, SIMSIAM_NUM_THREADS: '2', ...env },
    encoding: 'utf8',
    timeout: 120_000,
    maxBuffer: 1 << 26,
  });
}

describe('CPU paths', () => {
  it(`reports the path it runs (${build.cpuPath} of ${build.cpuPaths.join(', ')}; march ${build.march})`, () => {
    expect(build.cpuPaths.length).toBeGreaterThan(0);
    expect(build.cpuPaths).toContain(build.cpuPath);
    // The best one unless SIMSIAM_CPU_PATH lowers it.
    expect(build.cpuPath).toBe(process.env.SIMSIAM_CPU_PATH || build.cpuPaths[0]);
    if (build.march === 'portable' && process.arch === 'x64') expect(build.cpuPaths).toContain('sse2');
  });

  it.each(build.cpuPaths.map((p) => [p]))('%s: the dispatched kernels match their references; denormals flush', (path) => {
    const r = runPath(path);
    const out = r.stdout.trim().split('\n').pop() ?? '';
    expect(r.stderr, out).toBe('');
    const report = JSON.parse(out) as { path: string; checks: number; failures: string[]; views: string };
    expect(report.failures).toEqual([]);
    expect(report.path).toBe(path);
    expect(report.checks).toBeGreaterThan(90);
    expect(r.status).toBe(0);
    const bytes = Buffer.from(report.views, 'base64');
    expect(augmentError(new Float32Array(bytes.buffer, bytes.byteOffset, bytes.byteLength / 4))).toBeLessThan(1e-4);
  });

  it(`${build.cpuPath}: the 3x3 stride-1 convolutions with many channels run the Winograd kernel unless SIMSIAM_CONV_WINOGRAD=0`, () => {
    const probe = (env: NodeJS.ProcessEnv) => {
      const r = runPath(build.cpuPath, env);
      const report = JSON.parse(r.stdout.trim().split('\n').pop() ?? '') as { failures: string[]; probe: string };
      expect(report.failures).toEqual([]);
      return report.probe;
    };
    // Both within the references' tolerance (the checks above), but rounded differently.
    expect(probe({})).not.toBe(probe({ SIMSIAM_CONV_WINOGRAD: '0' }));
    expect(probe({})).toBe(probe({ SIMSIAM_CONV_WINOGRAD: '1' }));
  });

  it('a path this CPU or build does not run fails the load, naming the ones it does', () => {
    const missing = PATHS.find((p) => !build.cpuPaths.includes(p)) ?? 'avx9000';
    const r = runPath(missing);
    expect(r.status).not.toBe(0);
    expect(r.stderr).toContain(`SIMSIAM_CPU_PATH=${missing}: this build runs ${build.cpuPaths.join(', ')} on this CPU`);
  });

  const objdump = spawnSync('objdump', ['--version']).status === 0;
  it.runIf(build.march === 'portable' && process.arch === 'x64' && objdump)(
    'baseline code everywhere: AVX instructions only in the avx2 and avx512 variants', () => {
      const dis = spawnSync('objdump', ['-d', '--no-show-raw-insn', '-C', build.addonPath], { encoding: 'utf8', maxBuffer: 1 << 30 });
      expect(dis.status).toBe(0);
      const offenders = new Set<string>(), variants = new Set<string>();
      let fn = '';
      for (const line of dis.stdout.split('\n')) {
        const head = /^[0-9a-f]+ <(.*)>:$/.exec(line);
        if (head) fn = head[1];
        // ymm/zmm or mask registers, or a VEX/EVEX-encoded (v-prefixed) instruction.
        else if (/%[yz]mm|%k[1-7]\b|\tv[a-z]/.test(line))
          (/\b(cpu|isa)_avx(2|512)::/.test(fn) ? variants : offenders).add(fn);
      }
      expect([...offenders].slice(0, 20)).toEqual([]);
      expect(variants.size).toBeGreaterThan(10);
    });
});
