// SplitV on any device dtype: one strided copy per output.
import { SplitV, backend_util, util, type SplitVAttrs, type TensorInfo } from '@tensorflow/tfjs-core';
import { MAX_RANK } from '../../../kernels/shared/shape_args.js';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { onDevice, sliceOnDevice } from '../shared/movement.js';

export const splitVConfig = cudaKernel(SplitV, (args) => {
  const x = args.inputs.x as TensorInfo;
  const { numOrSizeSplits, axis } = args.attrs as unknown as SplitVAttrs;
  const $axis = util.parseAxisParam(axis, x.shape)[0];
  const splitSizes = backend_util.prepareSplitSize(x, numOrSizeSplits, $axis);
  if (!onDevice(x) || x.shape.length > MAX_RANK) return runOnHost(SplitV, args);
  const begin = new Array<number>(x.shape.length).fill(0);
  const outs: TensorInfo[] = [];
  for (const s of splitSizes) {
    const size = x.shape.slice();
    size[$axis] = s;
    outs.push(sliceOnDevice(args.backend, x, begin.slice(), size, undefined, size, SplitV)!);
    begin[$axis] += s;
  }
  return outs;
});
