// Convolution shapes shared by the Conv2D and backprop tests: odd sizes, batch 1,
// strides 1/2, 'same'/'valid'/numeric/explicit pads, 1x1/3x3/7x7 filters,
// 1/3/odd channels, 3-56 channels (the GEMM's narrow panels and the direct
// kernels of native/kernels/ConvDirect.cc), depths over several GEMM blocks, the Winograd kernel's shapes.
type Pad = 'same' | 'valid' | number | number[][];
export interface ConvCase {
  name: string;
  x: number[];
  filter: number[];
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
}

export const CONV_CASES: ConvCase[] = [
  { name: '3x3 same, 1 channel, batch 1', x: [1, 5, 5, 1], filter: [3, 3, 1, 1], strides: 1, pad: 'same' },
  { name: '3x3 same stride 2, odd sizes', x: [2, 7, 9, 3], filter: [3, 3, 3, 5], strides: 2, pad: 'same' },
  { name: '7x7 stride 2 same (stem)', x: [1, 11, 12, 3], filter: [7, 7, 3, 4], strides: 2, pad: 'same' },
  { name: '1x1 valid', x: [3, 6, 5, 8], filter: [1, 1, 8, 16], strides: 1, pad: 'valid' },
  { name: '1x1 stride 2 (shortcut)', x: [2, 9, 9, 8], filter: [1, 1, 8, 12], strides: 2, pad: 'valid' },
  { name: '3x2 explicit pads, strides [2, 1]', x: [1, 11, 10, 3], filter: [3, 2, 3, 5], strides: [2, 1],
    pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: 'numeric pad 1, stride 2, ceil rounding', x: [2, 10, 10, 4], filter: [3, 3, 4, 6], strides: 2, pad: 1,
    dimRoundingMode: 'ceil' },
  { name: 'valid, odd channels, several depth blocks', x: [2, 8, 7, 65], filter: [3, 3, 65, 33], strides: 1,
    pad: 'valid' },
  { name: '1x1 deep and wide', x: [1, 4, 5, 300], filter: [1, 1, 300, 70], strides: 1, pad: 'same' },
  { name: 'threaded: 1024 pixels', x: [4, 16, 16, 16], filter: [3, 3, 16, 32], strides: 1, pad: 'same' },
  // Few channels (the mnist-demo model: 8-64): output or input channels on the GEMM's narrow panels
  // (native/gemm/MicroKernel.h; on AVX-512 16 and 8 wide: 24 = 16 + 8, 40 = 32 + 8, 56 = 32 + 16 + 8, 12 and 6
  // padded), and the stride-1 input gradient as a transposed convolution from 8 input channels on.
  { name: '8 -> 8 channels, 3x3 same (mnist-demo layer1)', x: [2, 9, 7, 8], filter: [3, 3, 8, 8], strides: 1, pad: 'same' },
  { name: '8 -> 16 channels, 3x3 stride 2 on an explicitly padded input', x: [2, 11, 10, 8], filter: [3, 3, 8, 16],
    strides: 2, pad: [[0, 0], [1, 1], [1, 1], [0, 0]] },
  { name: '16 -> 24 channels, 3x3 same, threaded', x: [3, 13, 11, 16], filter: [3, 3, 16, 24], strides: 1, pad: 'same' },
  { name: '24 -> 40 channels, 3x3 stride 2 valid, odd sizes', x: [2, 9, 8, 24], filter: [3, 3, 24, 40], strides: 2,
    pad: 'valid' },
  { name: '12 -> 56 channels, 1x1', x: [3, 5, 5, 12], filter: [1, 1, 12, 56], strides: 1, pad: 'valid' },
  { name: '12 -> 6 channels, 3x3 same', x: [2, 6, 7, 12], filter: [3, 3, 12, 6], strides: 1, pad: 'same' },
  { name: '8 -> 8 channels, 3x3 numeric pad 2, deep batch', x: [17, 5, 5, 8], filter: [3, 3, 8, 8], strides: 1, pad: 2 },
  { name: '8 -> 8 channels, 3x3 numeric pad 3 (the input gradient crops)', x: [1, 5, 6, 8], filter: [3, 3, 8, 8],
    strides: 1, pad: 3 },
  { name: '3 -> 8 channels, 3x3 same (mnist-demo stem)', x: [3, 10, 9, 3], filter: [3, 3, 3, 8], strides: 1, pad: 'same' },
  { name: '16 -> 8 channels, 3x3 same, images padded a few at a time', x: [7, 30, 34, 16], filter: [3, 3, 16, 8],
    strides: 1, pad: 'same' },
  { name: '16 -> 32 channels, 2x4 valid, strides [1, 2]', x: [2, 7, 12, 16], filter: [2, 4, 16, 32], strides: [1, 2],
    pad: 'valid' },
  // Winograd F(2x2, 3x3) (native/kernels/ConvWinograd.cc: 3x3, stride 1, >= 32 channels on each side; the stride-1
  // input gradient too): output sizes that cut tiles at the edges, valid, pad 2, several chunks of tiles.
  { name: '32 -> 40 channels, 3x3 same, odd sizes (Winograd)', x: [2, 9, 7, 32], filter: [3, 3, 32, 40], strides: 1,
    pad: 'same' },
  { name: '48 -> 32 channels, 3x3 valid (Winograd)', x: [1, 10, 9, 48], filter: [3, 3, 48, 32], strides: 1, pad: 'valid' },
  { name: '33 -> 35 channels, 3x3 numeric pad 2 (Winograd; the input gradient crops)', x: [3, 6, 5, 33],
    filter: [3, 3, 33, 35], strides: 1, pad: 2 },
  { name: '32 -> 32 channels, 3x3 same, 512 tiles (Winograd, several chunks)', x: [8, 16, 16, 32], filter: [3, 3, 32, 32],
    strides: 1, pad: 'same' },
];

export const DILATED: ConvCase[] = [
  { name: 'dilation 2, valid', x: [2, 9, 11, 5], filter: [3, 3, 5, 7], strides: 1, pad: 'valid', dilations: 2 },
  { name: 'dilation [2, 3], same', x: [1, 10, 12, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dilations: [2, 3] },
];
