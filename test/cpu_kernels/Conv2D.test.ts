// Native Conv2D / FusedConv2D vs tfjs-backend-cpu's JS kernels.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { tf } from '../../src/index.js';
import { native } from '../../src/native/index.js';
import { expectClose, maxAbs, random, run, runStock } from './compare.js';
import { CONV_CASES, DILATED, type ConvCase } from './conv_cases.js';

function attrs(c: ConvCase, dataFormat = 'NHWC') {
  return { strides: c.strides, pad: c.pad, dataFormat, dilations: c.dilations ?? 1, dimRoundingMode: c.dimRoundingMode };
}

const depth = (c: ConvCase) => c.filter[0] * c.filter[1] * c.filter[2];

afterEach(() => vi.restoreAllMocks());

describe('Conv2D (native) vs tfjs-backend-cpu', () => {
  it.each([...CONV_CASES, ...DILATED].map((c) => [c.name, c] as const))('%s', (_, c) => {
    const spy = vi.spyOn(native, 'conv2d');
    const x = random(c.x, 1), w = random(c.filter, 2);
    const got = run('Conv2D', { x, filter: w }, attrs(c));
    expect(spy).toHaveBeenCalledTimes(1);
    expectClose(got, runStock('Conv2D', { x, filter: w }, attrs(c)), depth(c), 1);
  });

  it('falls back to the stock kernel for NCHW', () => {
    const spy = vi.spyOn(native, 'conv2d');
    const x = random([1, 3, 6, 6], 3), w = random([3, 3, 3, 2], 4);
    const got = run('Conv2D', { x, filter: w }, attrs(CONV_CASES[1], 'NCHW'));
    expect(spy).not.toHaveBeenCalled();
    expect(got.dataSync()).toEqual(runStock('Conv2D', { x, filter: w }, attrs(CONV_CASES[1], 'NCHW')).dataSync());
  });

  it('is what tf.conv2d runs, and leaks no tensor or backend data', () => {
    const x = random([2, 6, 6, 3], 5), w = random([3, 3, 3, 4], 6);
    const backend = tf.engine().backend;
    tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').dispose();
    const tensors = tf.memory().numTensors, data = backend.numDataIds();
    const spy = vi.spyOn(native, 'conv2d');
    for (let i = 0; i < 3; i++) tf.conv2d(x as tf.Tensor4D, w as tf.Tensor4D, 1, 'same').dispose();
    expect(spy).toHaveBeenCalledTimes(3);
    expect(tf.memory().numTensors).toBe(tensors);
    expect(backend.numDataIds()).toBe(data);
  });
});

describe('FusedConv2D (native) vs tfjs-backend-cpu', () => {
  const c = CONV_CASES[1];  // [2, 7, 9, 3] * [3, 3, 3, 5], stride 2, same: out [2, 4, 5, 5]
  const x = random(c.x, 7), w = random(c.filter, 8);
  const C = c.filter[3];
  const biases: Array<[string, number[]]> = [['[C]', [C]], ['[1]', [1]], ['scalar', []], ['[1, 1, 1, C]', [1, 1, 1, C]]];
  const activations = ['linear', 'relu', 'relu6', 'elu', 'leakyrelu', 'prelu', 'sigmoid'];

  it.each(activations.flatMap((act) => biases.map(([b, shape]) => [act, b, shape] as const)))(
    'activation %s, bias %s', (activation, _, biasShape) => {
      const spy = vi.spyOn(native, 'conv2d');
      const bias = random(biasShape, 9);
      const prelu = activation === 'prelu' ? random([C], 10) : undefined;
      const a = { ...attrs(c), activation, leakyreluAlpha: 0.15 };
      const got = run('FusedConv2D', { x, filter: w, bias, preluActivationWeights: prelu }, a);
      expect(spy).toHaveBeenCalledTimes(1);
      // Scale: |conv| + |bias| can reach depth + 1; relu6 and sigmoid only shrink differences.
      expectClose(got, runStock('FusedConv2D', { x, filter: w, bias, preluActivationWeights: prelu }, a), depth(c) + 1, 1);
    });

  it.each(['linear', 'relu', 'prelu'])('activation %s with a bias on the Winograd kernel (3x3, stride 1, 32 -> 40 channels)', (activation) => {
    const wc = CONV_CASES.find((k) => k.name.startsWith('32 -> 40 channels'))!;
    const wx = random(wc.x, 14), ww = random(wc.filter, 15), bias = random([40], 16);
    const prelu = activation === 'prelu' ? random([40], 17) : undefined;
    const a = { ...attrs(wc), activation };
    const got = run('FusedConv2D', { x: wx, filter: ww, bias, preluActivationWeights: prelu }, a);
    expectClose(got, runStock('FusedConv2D', { x: wx, filter: ww, bias, preluActivationWeights: prelu }, a), depth(wc) + 1, 1);
  });

  it('without bias, with scalar PReLU weights and an undefined leaky alpha (NaN, as stock)', () => {
    for (const [activation, prelu] of [['prelu', random([1], 11)], ['leakyrelu', undefined]] as const) {
      const a = { ...attrs(c), activation };
      const got = run('FusedConv2D', { x, filter: w, preluActivationWeights: prelu }, a);
      expectClose(got, runStock('FusedConv2D', { x, filter: w, preluActivationWeights: prelu }, a), depth(c), 1);
    }
  });

  it('falls back to the stock kernel for a bias or PReLU weights that vary over pixels', () => {
    const spy = vi.spyOn(native, 'conv2d');
    const bias = random([4, 5, C], 12), prelu = random([4, 5, C], 13);
    const a = { ...attrs(c), activation: 'prelu' };
    const got = run('FusedConv2D', { x, filter: w, bias, preluActivationWeights: prelu }, a);
    expect(spy).not.toHaveBeenCalled();
    expect(got.dataSync()).toEqual(runStock('FusedConv2D', { x, filter: w, bias, preluActivationWeights: prelu }, a).dataSync());
    expect(maxAbs(got)).toBeGreaterThan(0);
  });
});
