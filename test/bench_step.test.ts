// The pure parts of `npm run bench step` (bench/step_compare.ts): no timing here.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { choosePython, configMismatches, expectedPytorchConfig, pairedRatio, STEP_ROWS, summarise } from '../bench/step_compare.js';

describe('bench step: the PyTorch side is the same model', () => {
  it('the rows of issue 13', () => {
    expect(STEP_ROWS.map((r) => [r.preset, r.batch, r.threads])).toEqual([
      ['mnist-demo', 128, 1], ['mnist-demo', 128, 2], ['cifar10', 32, 1], ['cifar10', 32, 2]]);
  });

  it('expected configs follow the presets (lr = base lr x batch / 256)', () => {
    expect(expectedPytorchConfig('mnist-demo', 128, 28)).toEqual({ arch: 'resnet18', cifar_stem: true, width: 0.125, proj_layers: 2,
      dim: 256, pred_dim: 64, batch: 128, size: 28, weight_decay: 5e-4, lr: 0.5 });
    expect(expectedPytorchConfig('cifar10', 32)).toMatchObject({ width: 1, dim: 2048, pred_dim: 512, batch: 32, size: 32, lr: 0.00375 });
  });

  it('names each differing field, tolerating float noise only', () => {
    const e = expectedPytorchConfig('mnist-demo', 128, 28);
    expect(configMismatches(e, { ...e, lr: 0.5 + 1e-12 })).toEqual([]);
    expect(configMismatches(e, { ...e, width: 0.25, cifar_stem: false })).toEqual(['cifar_stem: true vs false', 'width: 0.125 vs 0.25']);
    const { dim: _dim, ...missing } = e;
    expect(configMismatches(e, missing)).toEqual(['dim: 256 vs undefined']);
  });

  it("bench/pytorch_baseline.py's CONFIGS hold each row's model", () => {
    // The script's dict literals, read as text (python is not needed for this test).
    const src = readFileSync(new URL('../bench/pytorch_baseline.py', import.meta.url), 'utf8');
    for (const row of STEP_ROWS) {
      const m = new RegExp(`'${row.pytorchConfig}': dict\\(([^)]*)\\)`).exec(src);
      expect(m, row.pytorchConfig).not.toBeNull();
      const cfg: Record<string, unknown> = {};
      for (const [, k, v] of m![1].matchAll(/(\w+)=([^,\s]+)/g))
        cfg[k] = v === 'True' ? true : v === 'False' ? false : v.startsWith("'") ? v.slice(1, -1) : Number(v);
      expect(configMismatches(expectedPytorchConfig(row.preset, row.batch, row.size), cfg), row.pytorchConfig).toEqual([]);
    }
  });
});

describe('bench step: python and summaries', () => {
  it('takes the first python that imports torch, each tried once, and says why none did', () => {
    const tried: string[] = [];
    const probe = (p: string) => {
      tried.push(p);
      return p === '/usr/bin/python3' ? { ok: true, detail: '1.13.0' } : { ok: false, detail: "ModuleNotFoundError: No module named 'torch'" };
    };
    expect(choosePython([undefined, 'python3', '', 'python3', '/usr/bin/python3', 'other'], probe)).toEqual({ python: '/usr/bin/python3', torch: '1.13.0' });
    expect(tried).toEqual(['python3', '/usr/bin/python3']);
    const none = choosePython(['python3', 'py'], () => ({ ok: false, detail: 'spawn py ENOENT' }));
    expect(none).toEqual({ python: null, why: 'python3: spawn py ENOENT; py: spawn py ENOENT' });
    expect(choosePython([undefined], probe)).toEqual({ python: null, why: 'no python candidate' });
  });

  it('medians and paired ratios', () => {
    expect(summarise([3, 1, 2])).toEqual({ median: 2, min: 1, max: 3 });
    expect(summarise([4, 1, 2, 3]).median).toBe(2.5);
    expect(() => summarise([])).toThrow();
    const r = pairedRatio([100, 50, 90], [200, 100, 100]);
    expect(r.ratio).toBeCloseTo(90 / 100);
    expect(r.pairMin).toBeCloseTo(0.5);
    expect(r.pairMax).toBeCloseTo(0.9);
    expect(() => pairedRatio([1], [1, 2])).toThrow();
  });
});
