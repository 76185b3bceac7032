// Native Conv2DBackpropInput / Conv2DBackpropFilter vs tfjs-backend-cpu's JS
// kernels, on the forward cases of Conv2D.test.ts (the backprop kernels take
// no dilation).
import { afterEach, describe, expect, it, vi } from 'vitest';
import { backend_util } from '@tensorflow/tfjs-core';
import { native } from '../../src/native/index.js';
import { CONV_CASES } from './conv_cases.js';
import { expectClose, random, run, runStock } from './compare.js';

afterEach(() => vi.restoreAllMocks());

const cases = CONV_CASES.map((c) => {
  const info = backend_util.computeConv2DInfo(c.x as [number, number, number, number],
    c.filter as [number, number, number, number], c.strides, 1, c.pad as never, c.dimRoundingMode);
  const attrs = { strides: c.strides, pad: c.pad, dataFormat: 'NHWC', dimRoundingMode: c.dimRoundingMode };
  return [c.name, { ...c, outShape: info.outShape as number[], attrs }] as const;
});

describe('Conv2DBackpropInput (native) vs tfjs-backend-cpu', () => {
  it.each(cases)('%s', (_, c) => {
    const spy = vi.spyOn(native, 'conv2dBackpropInput');
    const dy = random(c.outShape, 21), w = random(c.filter, 22);
    const attrs = { ...c.attrs, inputShape: c.x };
    const got = run('Conv2DBackpropInput', { dy, filter: w }, attrs);
    expect(spy).toHaveBeenCalledTimes(1);
    // Each dx value sums at most filterH * filterW * outC products.
    expectClose(got, runStock('Conv2DBackpropInput', { dy, filter: w }, attrs), c.filter[0] * c.filter[1] * c.filter[3], 1);
  });
});

describe('Conv2DBackpropFilter (native) vs tfjs-backend-cpu', () => {
  it.each(cases)('%s', (_, c) => {
    const spy = vi.spyOn(native, 'conv2dBackpropFilter');
    const x = random(c.x, 23), dy = random(c.outShape, 24);
    const attrs = { ...c.attrs, filterShape: c.filter };
    const got = run('Conv2DBackpropFilter', { x, dy }, attrs);
    expect(spy).toHaveBeenCalledTimes(1);
    // Each dw value sums one product per output pixel.
    expectClose(got, runStock('Conv2DBackpropFilter', { x, dy }, attrs), c.outShape[0] * c.outShape[1] * c.outShape[2], 1);
  });

  it('leaves a dy of the wrong shape to the stock kernel (and its error)', () => {
    const spy = vi.spyOn(native, 'conv2dBackpropFilter');
    const x = random([1, 6, 6, 2], 25), dy = random([1, 5, 6, 3], 26);
    const attrs = { strides: 1, pad: 'same', dataFormat: 'NHWC', filterShape: [3, 3, 2, 3] };
    expect(() => run('Conv2DBackpropFilter', { x, dy }, attrs)).toThrow(/out of range/);
    expect(spy).not.toHaveBeenCalled();
  });
});
