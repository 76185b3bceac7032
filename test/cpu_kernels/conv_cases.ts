// Convolution shapes shared by the Conv2D and backprop tests: odd sizes, batch 1,
// strides 1/2, 'same'/'valid'/numeric/explicit pads, 1x1/3x3/7x7 filters,
// 1/3/odd channels, depths over several GEMM blocks.
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
];

export const DILATED: ConvCase[] = [
  { name: 'dilation 2, valid', x: [2, 9, 11, 5], filter: [3, 3, 5, 7], strides: 1, pad: 'valid', dilations: 2 },
  { name: 'dilation [2, 3], same', x: [1, 10, 12, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'same', dilations: [2, 3] },
];
