// The convolution geometry the native kernels take (native/kernels/ConvGeometry.h),
// from tfjs's own computeConv2DInfo so that 'same'/'valid'/explicit pads and
// dimRoundingMode mean exactly what they mean to tfjs-backend-cpu.
import { backend_util } from '@tensorflow/tfjs-core';
import { INT32_MAX } from './shape_args.js';

type ConvInfo = backend_util.Conv2DInfo;
type Pad = Parameters<typeof backend_util.computeConv2DInfo>[4];
type Rounding = Parameters<typeof backend_util.computeConv2DInfo>[5];

export interface ConvParams {
  strides: [number, number] | number;
  pad: Pad;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: Rounding;
}

export interface NativeConv {
  info: ConvInfo;
  geometry: Int32Array;  // ConvGeometry's 15 fields, in order
}

/**
 * The native geometry of an NHWC convolution of an input of inShape with a
 * filter of filterShape, or null where the stock kernel must run (NCHW,
 * sizes of zero, shapes tfjs would reject).
 */
export function nativeConv(inShape: number[], filterShape: number[], p: ConvParams): NativeConv | null {
  if (p.dataFormat !== 'NHWC' || inShape.length !== 4 || filterShape.length !== 4) return null;
  let info: ConvInfo;
  try {
    info = backend_util.computeConv2DInfo(inShape as [number, number, number, number],
      filterShape as [number, number, number, number], p.strides, p.dilations ?? 1, p.pad, p.dimRoundingMode,
      false, 'channelsLast');
  } catch {
    return null;  // the stock kernel reports the error
  }
  if (filterShape[2] !== info.inChannels) return null;
  const fields = [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.outHeight, info.outWidth,
    info.outChannels, info.filterHeight, info.filterWidth, info.strideHeight, info.strideWidth, info.dilationHeight,
    info.dilationWidth, info.padInfo.top, info.padInfo.left];
  for (let i = 0; i < fields.length; i++) {
    const v = fields[i];
    const min = i >= 13 ? -INT32_MAX : 1;  // pads may be anything, sizes must be positive
    if (!Number.isInteger(v) || v < min || v > INT32_MAX) return null;
  }
  return { info, geometry: Int32Array.from(fields) };
}

export function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}
