// simsiamAugment: the augmentation as a tfjs op on an image tensor
// [N, H, W, 3] of 0..255 values (int32 or float32), run by the kernel of the
// backend the tensor is on (the GPU on `cuda`, the CPU on `cpu`). augmentPair
// on a Uint8Array batch is the faster path for data loading.
import type { Tensor, Tensor4D } from '@tensorflow/tfjs-core';
import { tf } from '../tf.js';
import { SIMSIAM_AUGMENT } from '../kernels/SimSiamAugment.js';
import { describe } from '../validate.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment_options.js';
import { rotateViewPair } from './view_rotation.js';

export function simsiamAugment(images: Tensor, options: Omit<AugmentOptions, 'returnParams'> = {}): { view1: Tensor4D; view2: Tensor4D } {
  if (!(images instanceof tf.Tensor)) throw new TypeError(`Expected a tf.Tensor for images but received ${describe(images)}`);
  if (images.dtype !== 'int32' && images.dtype !== 'float32')
    throw new TypeError(`Expected an int32 or float32 tensor for images but received dtype ${images.dtype}`);
  if (images.rank !== 4 || images.shape[3] !== 3 || images.shape.some((d) => d < 1))
    throw new RangeError(`Expected a non-empty [N, H, W, 3] RGB tensor for images but received shape [${images.shape}]`);
  const { config, seed, rotation } = resolveAugmentOptions(options, 'simsiamAugment');
  const attrs = { config, seed } as unknown as Record<string, never>;
  const [view1, view2] = tf.engine().runKernel(SIMSIAM_AUGMENT, { images }, attrs) as Tensor4D[];
  if (rotation === 0) return { view1, view2 };
  const turned = rotateViewPair([view1, view2], config, seed, rotation).views;
  tf.dispose([view1, view2]);
  return { view1: turned[0], view2: turned[1] };
}
