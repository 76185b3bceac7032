// Matrix products and convolutions: the blocked CPU GEMM and im2col on host
// arrays; cuBLAS, cuDNN or im2col on the device (native/kernels/LinalgDevice.h).
// geometry: ConvGeometry's 15 fields (src/kernels/shared/conv_geometry.ts).

/** A run-time loaded library: where it came from, or why it is missing (what was tried). */
export type LibraryStatus = { path: string; version: string } | { error: string };

export interface LinalgBinding {
  /** y = act(conv(x, filter) + bias), NHWC. */
  conv2d(x: Float32Array, filter: Float32Array, geometry: Int32Array, y: Float32Array, bias: Float32Array | null,
    prelu: Float32Array | null, activation: number, leakyAlpha: number): void;
  conv2dBackpropInput(dy: Float32Array, filter: Float32Array, geometry: Int32Array, dx: Float32Array): void;
  conv2dBackpropFilter(x: Float32Array, dy: Float32Array, geometry: Int32Array, dw: Float32Array): void;
  /** c[i] = act(op(a[aIndex[i]]) op(b[bIndex[i]]) + bias); dims: [batch, M, N, K, transposeA, transposeB]. */
  batchMatMul(a: Float32Array, b: Float32Array, c: Float32Array, dims: Int32Array, aIndex: Int32Array,
    bIndex: Int32Array, bias: Float32Array | null, prelu: Float32Array | null, activation: number,
    leakyAlpha: number): void;
  /** c = op(a) op(b), row-major; reference: the plain triple loop instead of the blocked GEMM. */
  sgemm(transA: boolean, transB: boolean, M: number, N: number, K: number, a: Float32Array, b: Float32Array,
    c: Float32Array, reference: boolean): void;
  /** Register tile and instruction set the GEMM was compiled for. */
  gemmConfig(): { mr: number; nr: number; nrMin: number; kc: number; isa: string };
}

export interface LinalgDeviceBinding {
  /**
   * c[i] = epilogue(op(a[aIndex[i]]) op(b[bIndex[i]])) for i < batch.
   * dims: [batch, M, N, K, transA, transB]; bias/prelu: buffer ids or null;
   * epilogue: [activation, leakyAlpha, biasInner, biasPeriod, preluInner, preluPeriod].
   */
  batchMatMul(a: number, b: number, c: number, dims: Int32Array, aIndex: Int32Array, bIndex: Int32Array,
    bias: number | null, prelu: number | null, epilogue: Float64Array): void;
  /** NHWC convolution. */
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
