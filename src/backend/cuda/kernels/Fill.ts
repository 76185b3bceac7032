// Fill on float32, int32 and bool (native.device.fill).
import { Fill, util, type FillAttrs } from '@tensorflow/tfjs-core';
import { runOnHost } from '../host_fallback.js';
import { cudaKernel } from '../kernel_utils.js';
import { ElementType, filled } from '../shared/movement.js';

export const fillConfig = cudaKernel(Fill, (args) => {
  const { shape, value, dtype } = args.attrs as unknown as FillAttrs;
  const $dtype = dtype || util.inferDtype(value);
  if (ElementType[$dtype] === undefined || typeof value !== 'number') return runOnHost(Fill, args);
  return filled(args.backend, shape, $dtype, value, Fill);
});
