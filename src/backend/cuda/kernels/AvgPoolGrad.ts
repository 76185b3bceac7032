// AvgPoolGrad on float32 NHWC: divides by the padded window size, as
// tfjs-backend-cpu (native/kernels/Pool.{h,cc,cu}).
import { AvgPoolGrad, util, type TensorInfo } from '@tensorflow/tfjs-core';
import { native } from '../../../native/index.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { launchInto, poolGeometry, poolInfo, poolOnDevice } from '../shared/pool.js';

export const avgPoolGradConfig = cudaKernel(AvgPoolGrad, (args) => {
  const { dy, input } = args.inputs as { dy: TensorInfo; input: TensorInfo };
  if (dy.dtype !== 'float32' || input.shape.length !== 4) return runOnHost(AvgPoolGrad, args);
  const c = poolInfo(input, args.attrs);
  if (!poolOnDevice(c) || !util.arraysEqual(dy.shape, c.outShape)) return runOnHost(AvgPoolGrad, args);
  return launchInto(args, input.shape, AvgPoolGrad,
    (dx) => native.device.avgPoolGrad(args.backend.bufferOf(dy), dx, poolGeometry(c)));
});
