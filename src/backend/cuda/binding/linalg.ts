// native.device kernels for matrix products and convolutions (cuBLAS, cuDNN, im2col):
// BatchMatMul, _FusedMatMul, Conv2D, FusedConv2D, Conv2DBackpropInput, Conv2DBackpropFilter
// (native/binding/device/LinalgDeviceBinding.cc, native/kernels/LinalgDevice.h).

/** A run-time loaded library: where it came from, or why it is missing (what was tried). */
export type LibraryStatus = { path: string; version: string } | { error: string };

export interface LinalgDeviceBinding {
  /**
   * c[i] = epilogue(op(a[aIndex[i]]) op(b[bIndex[i]])) for i < batch.
   * dims: [batch, M, N, K, transA, transB]; bias/prelu: buffer ids or null;
   * epilogue: [activation, leakyAlpha, biasInner, biasPeriod, preluInner, preluPeriod].
   */
  batchMatMul(a: number, b: number, c: number, dims: Int32Array, aIndex: Int32Array, bIndex: Int32Array,
    bias: number | null, prelu: number | null, epilogue: Float64Array): void;
  /** NHWC convolution; geometry: ConvGeometry's 15 fields (src/kernels/cpu/conv_geometry.ts). */
  conv2d(x: number, filter: number, y: number, geometry: Int32Array, bias: number | null, prelu: number | null,
    epilogue: Float64Array): void;
  conv2dBackpropInput(dy: number, filter: number, dx: number, geometry: Int32Array): void;
  conv2dBackpropFilter(x: number, dy: number, dw: number, geometry: Int32Array): void;
  /** C [M x N] = op(A) op(B); dims [M, N, K, transA, transB]; tiled: the plain CUDA SGEMM instead of cuBLAS. */
  sgemm(a: number, b: number, c: number, dims: Int32Array, tiled: boolean): void;
  /** cuBLAS and cuDNN as found (loads them on first call). */
  libraries(): { cublas: LibraryStatus; cudnn: LibraryStatus };
  /** TF32 tensor-core math in cuBLAS/cuDNN (default on; SIMSIAM_TF32=0 turns it off). */
  setTf32(on: boolean): void;
  tf32(): boolean;
  /** Test hook: run as if cuBLAS / cuDNN were missing (false) or found (true). */
  setLibrariesEnabled(cublas: boolean, cudnn: boolean): void;
  /** 'cudnn' | 'cudnn-padded' | 'im2col': what a convolution of this geometry runs on. */
  convPath(geometry: Int32Array): string;
}
