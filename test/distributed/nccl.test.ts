// NCCL loaded at run time (native/collectives/Nccl.cc), tested without a GPU:
// a missing library and SIMSIAM_NCCL=none give the reason; a stand-in
// libnccl.so.2 compiled here (the real API's symbols, with a communicator that
// fails as on a machine without a GPU) is found through SIMSIAM_NCCL as a file
// or a directory, reports its version, and its errors come back with NCCL's
// error string and last error; a library missing a function is named with it.
// On a machine with a GPU, a world of one GPU worker over NCCL trains the same
// steps as one CPU process.
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { describeDistributed } from '../../src/distributed/info.js';
import { addonPath } from '../../src/native/index.js';
import { hasCudaDevice, requireGpu } from '../helpers.js';
import { bundleCli } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'simsiam-nccl-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** The stand-in: NCCL 2.19.3 whose communicators fail like NCCL on a machine without a CUDA device. */
const FAKE_NCCL = `
#include <string.h>
typedef struct { char internal[128]; } ncclUniqueId;
int ncclGetVersion(int* v) { *v = 21903; return 0; }
int ncclGetUniqueId(ncclUniqueId* id) { memset(id->internal, 0xab, 128); return 0; }
int ncclCommInitRank(void** comm, int n, ncclUniqueId id, int rank) { *comm = 0; return 1; }
int ncclCommDestroy(void* c) { return 0; }
int ncclCommAbort(void* c) { return 0; }
int ncclCommGetAsyncError(void* c, int* e) { *e = 0; return 0; }
const char* ncclGetErrorString(int r) { return r == 1 ? "unhandled cuda error (run with NCCL_DEBUG=INFO for details)" : "other"; }
const char* ncclGetLastError(void* c) { return "Cuda failure 'no CUDA-capable device is detected'"; }
int ncclBroadcast(const void* s, void* r, unsigned long n, int t, int root, void* c, void* st) { return 0; }
#ifndef WITHOUT_ALLREDUCE
int ncclAllReduce(const void* s, void* r, unsigned long n, int t, int op, void* c, void* st) { return 0; }
#endif
`;

function compile(name: string, defines: string[] = []): string {
  const src = join(dir, `${name}.c`), lib = join(dir, name, 'libnccl.so.2');
  mkdirSync(join(dir, name), { recursive: true });
  writeFileSync(src, FAKE_NCCL);
  const r = spawnSync('cc', ['-shared', '-fPIC', ...defines, '-o', lib, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cc failed: ${r.stderr}`);
  return lib;
}

/** What a fresh process (NCCL is loaded once per process) sees with SIMSIAM_NCCL=value. */
function probe(value: string): { nccl: Record<string, string>; id?: number[] | string; comm?: string } {
  const script = `
    const n = require(${JSON.stringify(addonPath)});
    const out = { nccl: n.collectivesInfo().nccl };
    try { const id = n.ncclUniqueId(); out.id = [id.length, id[0], id[127]]; } catch (e) { out.id = e.message; }
    try { n.device.ncclCommCreate(0, 1, new Uint8Array(128)); out.comm = 'created'; } catch (e) { out.comm = e.message; }
    console.log(JSON.stringify(out));`;
  const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, SIMSIAM_NCCL: value } });
  if (r.status !== 0) throw new Error(r.stderr);
  return JSON.parse(r.stdout);
}

describe('NCCL loaded at run time (no GPU needed)', () => {
  it('SIMSIAM_NCCL=none and a missing library: every use says why', () => {
    const none = probe('none');
    expect(none.nccl).toEqual({ error: 'SIMSIAM_NCCL=none' });
    expect(none.id).toBe('NCCL is not available: SIMSIAM_NCCL=none');
    expect(none.comm).toBe('NCCL is not available: SIMSIAM_NCCL=none');
    const missing = probe(join(dir, 'nowhere', 'libnccl.so.2'));
    expect(missing.nccl.error).toMatch(/^not found \(libnccl\.so\.2 via SIMSIAM_NCCL, the loader path, \/usr\/local\/cuda, \/usr\/lib\/x86_64-linux-gnu and Python wheels\)/);
    expect(missing.nccl.error).toContain(`SIMSIAM_NCCL=${join(dir, 'nowhere', 'libnccl.so.2')}`);
  });

  it('a library is found by file or directory, reports its version, and its errors carry NCCL\'s words', () => {
    const lib = compile('fake');
    for (const value of [lib, join(dir, 'fake')]) {
      const r = probe(value);
      expect(r.nccl).toEqual({ path: lib, version: '2.19.3' });
      expect(r.id).toEqual([128, 0xab, 0xab]);
      expect(r.comm).toBe("NCCL ncclCommInitRank failed: unhandled cuda error (run with NCCL_DEBUG=INFO for details) (status 1): " +
        "Cuda failure 'no CUDA-capable device is detected'");
    }
  });

  it('a library without a function NCCL training uses is refused, naming it', () => {
    const lib = compile('partial', ['-DWITHOUT_ALLREDUCE']);
    expect(probe(lib).nccl).toEqual({ error: `${lib} lacks ncclAllReduce` });
  });

  it('simsiam info reports it', () => {
    const lib = compile('info');
    const bundle = bundleCli();
    const r = spawnSync(process.execPath, [bundle.cli, 'info', '--json'], { encoding: 'utf8', env: { ...process.env, SIMSIAM_NCCL: lib } });
    bundle.remove();
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { distributed: { nccl: unknown; gloo: { built: boolean } } };
    expect(report.distributed.nccl).toEqual({ path: lib, version: '2.19.3' });
    expect(describeDistributed({ gloo: { built: true, info: 'Gloo 0.5.0 (TCP transport; stores: file, redis)' }, nccl: { error: 'SIMSIAM_NCCL=none' } }))
      .toBe('data parallel: CPU workers over Gloo 0.5.0 (TCP transport; stores: file, redis); GPU workers over NCCL not available: SIMSIAM_NCCL=none');
    expect(describeDistributed({ gloo: { built: false, info: 'built without Gloo (install ...)' }, nccl: { path: lib, version: '2.19.3' } }))
      .toBe(`data parallel: CPU workers over Gloo: unavailable, the addon was built without Gloo (install ...); GPU workers over NCCL 2.19.3 (${lib})`);
  });
});

const gpuSkip = hasCudaDevice || requireGpu ? null : 'no CUDA device here';
describe.skipIf(gpuSkip !== null)(`a world of one GPU worker over NCCL${gpuSkip ? ` (skipped: ${gpuSkip})` : ''}`, () => {
  it('trains the steps of one CPU process (losses within 2e-3: TF32 and another summation order)', () => {
    const common = ['--data', 'mnist', '--train-limit', '64', '--batch-size', '16', '--image-size', '12', '--width', '0.0625',
      '--projector-dim', '32', '--predictor-dim', '8', '--knn-k', '5', '--seed', '3', '--epochs', '1'];
    const run = (name: string, device: string, env: Record<string, string>) => {
      const r = spawnSync(join(process.cwd(), 'node_modules/.bin/vite-node'), ['test/train/run_cli.mts', 'train', ...common, '--device', device,
        '--out', join(dir, name)], { encoding: 'utf8', env: { ...process.env, SIMSIAM_TF32: '0', ...env } });
      expect(r.status, r.stdout + r.stderr).toBe(0);
      return readFileSync(join(dir, name, 'metrics.jsonl'), 'utf8').trim().split('\n').map((l) => JSON.parse(l)).filter((x) => x.type === 'step')
        .map((x) => x.loss as number);
    };
    const cpu = run('cpu', 'cpu', {});
    const store = mkdtempSync(join(dir, 'store-'));
    const gpu = run('gpu', 'cuda', { WORLD_SIZE: '1', RANK: '0', SIMSIAM_STORE: `file:${store}` });
    expect(gpu).toHaveLength(cpu.length);
    gpu.forEach((l, i) => expect(Math.abs(l - cpu[i])).toBeLessThan(2e-3));
  }, 600_000);
});
