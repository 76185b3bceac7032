// AugmentOptions -> the native config, with every field validated. Presets
// give the defaults; explicit options win.
import { randomInt } from 'node:crypto';
import type { RawAugmentConfig } from '../native/index.js';
import { invalid, isInteger, nonNegativeInteger, numberIn, oneOf, positiveInteger, probability, range } from '../validate.js';

export type AugmentPreset = 'imagenet' | 'cifar' | 'digits';

export interface AugmentOptions {
  /** Output side S (views are S x S); imagenet 224, cifar 32. */
  size?: number;
  /** Key of the counter-based RNG; the same seed gives the same views. Random when omitted. */
  seed?: number;
  /** Also return every view's drawn parameters. */
  returnParams?: boolean;
  preset?: AugmentPreset;
  mean?: [number, number, number];
  std?: [number, number, number];
  scale?: [number, number];
  ratio?: [number, number];
  flipProb?: number;
  jitterProb?: number;
  brightness?: number;
  contrast?: number;
  saturation?: number;
  hue?: number;
  grayscaleProb?: number;
  blurProb?: number;
  blurSigma?: [number, number];
  /** Each view turns by its own angle drawn uniformly from [-rotation, rotation] degrees (0: no rotation; digits 15). */
  rotation?: number;
  /**
   * Image i draws its views as image firstIndex + i * indexStride of the seed's batch (defaults 0 and 1): a
   * data-parallel worker's share of a global batch gets the very views the whole batch would give those images.
   */
  firstIndex?: number;
  indexStride?: number;
}

export interface ResolvedAugment {
  config: RawAugmentConfig;
  seed: number;
  returnParams: boolean;
  /** Largest rotation of a view in degrees, applied after the native pipeline (./view_rotation.ts); 0 for none. */
  rotation: number;
}

const PRESETS: Record<AugmentPreset, RawAugmentConfig> = {
  imagenet: {
    size: 224, scaleMin: 0.2, scaleMax: 1, ratioMin: 3 / 4, ratioMax: 4 / 3, flipProb: 0.5, jitterProb: 0.8,
    brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1, grayscaleProb: 0.2, blurProb: 0.5,
    blurSigmaMin: 0.1, blurSigmaMax: 2.0, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
  },
  cifar: {
    size: 32, scaleMin: 0.2, scaleMax: 1, ratioMin: 3 / 4, ratioMax: 4 / 3, flipProb: 0.5, jitterProb: 0.8,
    brightness: 0.4, contrast: 0.4, saturation: 0.4, hue: 0.1, grayscaleProb: 0.2, blurProb: 0,
    blurSigmaMin: 0.1, blurSigmaMax: 2.0, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
  },
  // Grey handwritten digits (MNIST, 28x28): a flip changes a digit's identity (a mirrored 7, 2 <-> S-like 5) and
  // hue/saturation/grayscale do nothing to grey pixels, so crops and brightness/contrast remain, plus a random
  // rotation (ROTATION below). The crops keep at least 40% of the image: MNIST digits fill the centre 20x20 of the
  // 28x28 frame, and a 20% crop (the CIFAR recipe) is often a stroke fragment that tells no digit from another.
  digits: {
    size: 28, scaleMin: 0.4, scaleMax: 1, ratioMin: 3 / 4, ratioMax: 4 / 3, flipProb: 0, jitterProb: 0.8,
    brightness: 0.4, contrast: 0.4, saturation: 0, hue: 0, grayscaleProb: 0, blurProb: 0,
    blurSigmaMin: 0.1, blurSigmaMax: 2.0, mean: [0.485, 0.456, 0.406], std: [0.229, 0.224, 0.225],
  },
};

// Largest view rotation per preset, in degrees. Handwriting slants: two views of a digit that differ by up to
// +-15 degrees make the encoder ignore slant, which the crops alone leave as a cue that matches views of the same
// image (on mnist-demo the kNN top-1 then stalls near 78 %). Photos keep the SimSiam recipe: no rotation.
const ROTATION: Record<AugmentPreset, number> = { imagenet: 0, cifar: 0, digits: 15 };

const KNOWN = new Set(['size', 'seed', 'returnParams', 'preset', 'mean', 'std', 'scale', 'ratio', 'flipProb',
  'jitterProb', 'brightness', 'contrast', 'saturation', 'hue', 'grayscaleProb', 'blurProb', 'blurSigma', 'rotation', 'firstIndex', 'indexStride']);

/**
 * The error for the removed `device` option: the augmentation runs where the
 * data goes, on the tfjs backend its views are made for (the GPU on `cuda`, the
 * CPU on `cpu`), like a transform in PyTorch runs where its tensor lives.
 */
function removedDeviceOption(op: string, value: unknown): TypeError {
  return new TypeError(
    `The 'device' option of ${op} was removed (received ${JSON.stringify(value) ?? String(value)}): the augmentation ` +
      `runs on the tfjs backend it makes its views for, on the GPU under tf.setBackend('cuda') and on the CPU under ` +
      `tf.setBackend('cpu') (simsiam train --device cuda|cpu). Remove the option and select the backend instead.`);
}

function triple(v: unknown, name: string, positive: boolean): number[] {
  const what = positive ? 'an array of 3 positive numbers' : 'an array of 3 finite numbers';
  if (!Array.isArray(v) || v.length !== 3 || !v.every((x) => typeof x === 'number' && Number.isFinite(x) && (!positive || x > 0)))
    throw invalid(what, name, v);
  return v.slice();
}

/** Largest output side the native augmentation accepts. */
const MAX_SIZE = 8192;

export function resolveAugmentOptions(options: AugmentOptions = {}, op = 'augmentPair'): ResolvedAugment {
  if (options === null || typeof options !== 'object') throw invalid('an options object', 'options', options);
  if ('device' in options) throw removedDeviceOption(op, (options as { device?: unknown }).device);
  for (const key of Object.keys(options))
    if (!KNOWN.has(key)) throw new TypeError(`Unknown option ${key} for ${op} (known: ${[...KNOWN].join(', ')})`);
  const o = options;
  const preset = o.preset === undefined ? 'imagenet' : oneOf(o.preset, 'preset', ['imagenet', 'cifar', 'digits'] as const);
  const c: RawAugmentConfig = { ...PRESETS[preset], mean: [...PRESETS[preset].mean], std: [...PRESETS[preset].std] };
  if (o.size !== undefined) {
    c.size = positiveInteger(o.size, 'size');
    if (c.size < 2 || c.size > MAX_SIZE) throw new RangeError(`Expected integer between 2 and ${MAX_SIZE} for size but received ${c.size}`);
  }
  if (o.scale !== undefined) [c.scaleMin, c.scaleMax] = range(o.scale, 'scale', 0, 1, true);
  if (o.ratio !== undefined) [c.ratioMin, c.ratioMax] = range(o.ratio, 'ratio', 0, Infinity, true);
  if (o.flipProb !== undefined) c.flipProb = probability(o.flipProb, 'flipProb');
  if (o.jitterProb !== undefined) c.jitterProb = probability(o.jitterProb, 'jitterProb');
  if (o.brightness !== undefined) c.brightness = numberIn(o.brightness, 'brightness', 0, 1);
  if (o.contrast !== undefined) c.contrast = numberIn(o.contrast, 'contrast', 0, 1);
  if (o.saturation !== undefined) c.saturation = numberIn(o.saturation, 'saturation', 0, 1);
  if (o.hue !== undefined) c.hue = numberIn(o.hue, 'hue', 0, 0.5);
  if (o.grayscaleProb !== undefined) c.grayscaleProb = probability(o.grayscaleProb, 'grayscaleProb');
  if (o.blurProb !== undefined) c.blurProb = probability(o.blurProb, 'blurProb');
  if (o.blurSigma !== undefined) [c.blurSigmaMin, c.blurSigmaMax] = range(o.blurSigma, 'blurSigma', 0, 100, true);
  if (o.mean !== undefined) c.mean = triple(o.mean, 'mean', false);
  if (o.std !== undefined) c.std = triple(o.std, 'std', true);
  const rotation = o.rotation === undefined ? ROTATION[preset] : numberIn(o.rotation, 'rotation', 0, 180);
  if (o.firstIndex !== undefined) c.firstIndex = nonNegativeInteger(o.firstIndex, 'firstIndex');
  if (o.indexStride !== undefined) c.indexStride = positiveInteger(o.indexStride, 'indexStride');

  let seed: number;
  if (o.seed === undefined) seed = randomInt(0, 2 ** 47);
  else if (!isInteger(o.seed) || o.seed < 0 || o.seed > Number.MAX_SAFE_INTEGER)
    throw invalid('non-negative safe integer', 'seed', o.seed);
  else seed = o.seed;
  if (o.returnParams !== undefined && typeof o.returnParams !== 'boolean') throw invalid('boolean', 'returnParams', o.returnParams);
  return { config: c, seed, returnParams: o.returnParams === true, rotation };
}
