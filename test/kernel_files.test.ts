// Kernel files are named after their kernel: in a kernel folder, each
// <KernelName>.ts defines exactly that tfjs kernel (exported as
// <kernelName>Config by the backends' kernels); helpers have snake_case
// names and define none.
import { readdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { getKernelsForBackend } from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import '../src/index.js';
import { stockCpuKernel } from '../src/kernels/cpu/register_all_kernels.js';
import { NATIVE_KERNELS } from '../src/backend/cuda/kernel_utils.js';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'src');

const isKernelFile = (name: string) => /^_?[A-Z]\w*\.ts$/.test(name);

function kernelFiles(dir: string): string[] {
  return readdirSync(join(SRC, dir)).filter(isKernelFile).map((f) => f.slice(0, -3)).sort();
}

const configName = (kernel: string) => kernel.replace(/^(_?)(.)/, (_, u: string, c: string) => u + c.toLowerCase()) + 'Config';

/** What each file of dir exports with a kernelName: [export name, kernel name]. */
async function kernelExports(dir: string, file: string): Promise<Array<[string, string]>> {
  const module = await import(pathToFileURL(join(SRC, dir, `${file}.ts`)).href) as Record<string, unknown>;
  return Object.entries(module).flatMap(([name, value]) =>
    [value].flat().filter((v): v is { kernelName: string } => typeof (v as { kernelName?: unknown })?.kernelName === 'string')
      .map((v) => [name, v.kernelName] as [string, string]));
}

describe('kernel files', () => {
  it('src/backend/cuda/kernels/: one cuda kernel per file, and a file for each', async () => {
    const files = kernelFiles('backend/cuda/kernels');
    expect(readdirSync(join(SRC, 'backend/cuda/kernels')).filter((f) => !isKernelFile(f))).toEqual([]);
    for (const f of files) expect(await kernelExports('backend/cuda/kernels', f)).toEqual([[configName(f), f]]);
    expect(files).toEqual([...NATIVE_KERNELS].sort());
  });

  it('src/kernels/cpu/: one native cpu kernel per file, and a file for each', async () => {
    const files = kernelFiles('kernels/cpu');
    for (const f of files) expect(await kernelExports('kernels/cpu', f)).toEqual([[configName(f), f]]);
    const replaced = getKernelsForBackend('cpu').map((k) => k.kernelName).filter((k) => stockCpuKernel(k)).sort();
    expect(files).toEqual(replaced);
  });

  it('src/kernels/: kernels of this package on the host backends, one kernel per file', async () => {
    for (const f of kernelFiles('kernels')) {
      const kernels = new Set((await kernelExports('kernels', f)).map(([, kernel]) => kernel));
      expect([...kernels]).toEqual([f]);
    }
  });

  it('src/kernels/gradients/: <KernelName>_grad.ts holds the gradient of that kernel', async () => {
    const files = readdirSync(join(SRC, 'kernels/gradients'));
    for (const f of files) {
      expect(f).toMatch(/^[A-Z]\w*_grad\.ts$/);
      expect((await kernelExports('kernels/gradients', f.slice(0, -3))).map(([, kernel]) => kernel))
        .toEqual([f.slice(0, -'_grad.ts'.length)]);
    }
  });
});
