// Every cuda kernel against the cpu backend (test/conformance/): on the host
// reference device in CI, on the GPU under `npm run test:gpu`.
import { describe, expect, it } from 'vitest';
import { tf } from '../../src/index.js';
import { NATIVE_KERNELS } from '../../src/backend/cuda/kernel_utils.js';
import { allCases, runCase } from '../conformance/index.js';
import { useCudaBackend } from './setup.js';

const device = useCudaBackend();

describe(`cuda backend vs cpu (${device} device)`, () => {
  it.each(allCases.map((c) => [`${c.kernels.join('+')}: ${c.name}`, c] as const))('%s', async (_, c) => {
    const r = await runCase(tf, c);
    expect(r.message).toBe('');
    expect(r.ok).toBe(true);
  });

  it('every kernel implemented for cuda has a conformance case', () => {
    const covered = new Set(allCases.flatMap((c) => c.kernels));
    expect([...NATIVE_KERNELS].filter((k) => !covered.has(k))).toEqual([]);
  });
});
