// MaxPoolGrad on float32 NHWC: the gradient goes to the first strict maximum
// of each window, as in tfjs-backend-cpu (native/kernels/Pool.{h,cc,cu}).
import { MaxPoolGrad, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { launchInto, poolGeometry, poolInfo, poolOnDevice } from '../shared/pool.js';

export const maxPoolGradConfig = cudaKernel(MaxPoolGrad, (args) => {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  if (dy.dtype !== 'float32' || input.dtype !== 'float32' || input.shape.length !== 4) return runOnHost(MaxPoolGrad, args);
  const c = poolInfo(input, args.attrs);
  if (!poolOnDevice(c) || !util.arraysEqual(dy.shape, c.outShape)) return runOnHost(MaxPoolGrad, args);
  const { backend } = args;
  return launchInto(args, input.shape, MaxPoolGrad,
    (dx) => native.device.maxPoolGrad(backend.bufferOf(dy), backend.bufferOf(input), dx, poolGeometry(c)));
});
