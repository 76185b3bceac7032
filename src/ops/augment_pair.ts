// augmentPair: two SimSiam views of every image, made on the device of the
// current tfjs backend: on `cuda` the RGB8 images are uploaded once and the
// views are made on the GPU, straight into the output tensors; on any other
// backend the CPU kernels make them off the main thread. The same parameters,
// so the same views (within float rounding), either way. A preset with a
// rotation (digits) then turns every view (./view_rotation.ts).
import type { Tensor4D } from '@tensorflow/tfjs-core';
import { native } from '../native/index.js';
import { tf } from '../tf.js';
import type { CudaBackend } from '../backend/cuda/CudaBackend.js';
import { augmentPairOnDevice } from '../backend/cuda/shared/augment.js';
import { resolveAugmentOptions, type AugmentOptions } from './augment_options.js';
import { toNativeImages, type ImageBatch } from './image_batch.js';
import { decodeViewParams, type ViewParams } from './view_params.js';
import { rotateViewPair } from './view_rotation.js';

export interface AugmentedPair {
  view1: Tensor4D;
  view2: Tensor4D;
  /** params[v][i] = view v+1 of image i, when options.returnParams. */
  params?: [ViewParams[], ViewParams[]];
}

export async function augmentPair(images: ImageBatch, options: AugmentOptions = {}): Promise<AugmentedPair> {
  const { images: list, heights, widths } = toNativeImages(images);
  const { config, seed, returnParams, rotation } = resolveAugmentOptions(options, 'augmentPair');
  const n = list.length, S = config.size;
  let params: Float64Array | null;
  let result: AugmentedPair;
  if (tf.getBackend() === 'cuda') {
    const backend = tf.backend() as CudaBackend;
    params = returnParams ? new Float64Array(2 * n * native.augmentParamFields) : null;
    const [v1, v2] = augmentPairOnDevice(backend, list, heights, widths, config, seed, params);
    result = {
      view1: tf.engine().makeTensorFromTensorInfo(v1, backend) as Tensor4D,
      view2: tf.engine().makeTensorFromTensorInfo(v2, backend) as Tensor4D,
    };
  } else {
    // The addon copies the pixels and owns the outputs until it resolves, so
    // the caller may reuse or transfer the images meanwhile.
    const views = await native.augment(list, heights, widths, config, seed, returnParams, true);
    params = views.params;
    result = {
      view1: tf.tensor4d(views.view1, [n, S, S, 3], 'float32'),
      view2: tf.tensor4d(views.view2, [n, S, S, 3], 'float32'),
    };
  }
  if (params) result.params = decodeViewParams(params, n, native.augmentParamFields);
  if (rotation > 0) {
    const turned = rotateViewPair([result.view1, result.view2], config, seed, rotation);
    tf.dispose([result.view1, result.view2]);
    [result.view1, result.view2] = turned.views;
    result.params?.forEach((views, v) => views.forEach((p, i) => { p.rotation = turned.degrees[v][i]; }));
  }
  return result;
}
