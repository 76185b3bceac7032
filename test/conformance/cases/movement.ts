// Data movement, casts and comparisons. Tolerance: exact for every kernel
// here. Movement kernels copy bits (float32, int32 and bool alike); Cast,
// the comparisons and the logical ops are exact by definition; Select copies;
// AddN adds float32 values in input order starting from +0 (as the cpu
// backend's typed-array loop does), ClipByValue compares in double and
// rounds once, so both match bit for bit. Not covered by "exact": a cast of
// int32 beyond 2^24 to float32 rounds here, where the cpu backend keeps the
// int32 buffer (no case uses such values).
import { TOLERANCE, type ConformanceCase } from '../types.js';

type AnyTf = any;

const exact = TOLERANCE.exact;

const dtypes = ['float32', 'int32', 'bool'] as const;

function randOf(rand: any, shape: number[], dtype: string): any {
  return rand(shape, dtype === 'int32' ? { dtype, min: -50, max: 50 } : { dtype });
}

/** A case per dtype. */
function perDtype(kernels: string[], name: string, f: (tf: AnyTf, rand: any, dtype: string) => any): ConformanceCase[] {
  return dtypes.map((dtype) => ({ kernels, name: `${name} ${dtype}`, run: (tf, rand) => f(tf, rand, dtype), tolerance: exact }));
}

export const movementCases: ConformanceCase[] = [
  // Slice
  ...perDtype(['Slice'], 'rank 3 interior [5,7,9]', (tf, rand, dt) => tf.slice(randOf(rand, [5, 7, 9], dt), [1, 2, 3], [3, 4, 5])),
  ...perDtype(['Slice'], 'contiguous rows', (tf, rand, dt) => tf.slice(randOf(rand, [6, 5], dt), [2, 0], [3, -1])),
  { kernels: ['Slice'], name: 'NHWC spatial crop, batch 1', run: (tf, rand) => tf.slice(rand([1, 6, 6, 8]), [0, 1, 1, 0], [1, 4, 4, 8]) },
  { kernels: ['Slice'], name: 'odd channel crop', run: (tf, rand) => tf.slice(rand([3, 5, 7]), [0, 0, 2], [3, 5, 3]) },
  { kernels: ['Slice'], name: 'empty and scalar', run: (tf, rand) => [tf.slice(rand([4, 3]), [1, 0], [0, 3]), tf.slice(rand([1]), [0], [1])] },
  {
    kernels: ['Slice', 'PadV2'],
    name: 'gradient of slice',
    run: (tf, rand) => tf.grad((x: any) => tf.mul(tf.slice(x, [1, 0, 2], [2, 3, 3]), 2))(rand([4, 3, 6])),
  },
  // StridedSlice
  ...perDtype(['StridedSlice'], 'strides 2 and 3', (tf, rand, dt) => tf.stridedSlice(randOf(rand, [7, 9], dt), [1, 0], [7, 9], [2, 3])),
  { kernels: ['StridedSlice'], name: 'negative stride', run: (tf, rand) => tf.stridedSlice(rand([5, 6]), [4, 5], [0, 0], [-1, -2]) },
  { kernels: ['StridedSlice'], name: 'shrink axis and masks', run: (tf, rand) => [tf.stridedSlice(rand([4, 5, 6]), [1, 0, 1], [2, 5, 6], [1, 1, 1], 0, 0, 0, 0, 1), tf.stridedSlice(rand([4, 5, 6]), [0, 1, 0], [0, 4, 6], [1, 2, 3], 1, 5)] },
  { kernels: ['StridedSlice'], name: 'simple slice and identity', run: (tf, rand) => [tf.stridedSlice(rand([6, 4]), [2, 0], [5, 4], [1, 1]), tf.stridedSlice(rand([3, 4]), [0, 0], [3, 4], [1, 1])] },
  // SplitV, Unpack, Concat, Pack
  ...perDtype(['SplitV'], 'uneven sizes along axis 1', (tf, rand, dt) => tf.split(randOf(rand, [3, 10, 2], dt), [3, 5, 2], 1)),
  { kernels: ['SplitV'], name: 'equal parts along the last axis', run: (tf, rand) => tf.split(rand([2, 3, 9]), 3, -1) },
  ...perDtype(['Unpack'], 'axis 1', (tf, rand, dt) => tf.unstack(randOf(rand, [3, 4, 5], dt), 1)),
  { kernels: ['Unpack'], name: 'axis 0 and -1', run: (tf, rand) => [...tf.unstack(rand([3, 2, 5]), 0), ...tf.unstack(rand([2, 3]), -1)] },
  ...perDtype(['Concat'], 'axis 1 of three', (tf, rand, dt) => tf.concat([randOf(rand, [3, 2, 4], dt), randOf(rand, [3, 5, 4], dt), randOf(rand, [3, 1, 4], dt)], 1)),
  { kernels: ['Concat'], name: 'axis 0, -1 and the channel axis', run: (tf, rand) => [tf.concat([rand([2, 3]), rand([4, 3])], 0), tf.concat([rand([2, 3]), rand([2, 7])], -1), tf.concat([rand([2, 3, 3, 5]), rand([2, 3, 3, 3])], 3)] },
  { kernels: ['Concat'], name: 'with an empty input; one non-empty', run: (tf, rand) => [tf.concat([rand([2, 0]), rand([2, 3]), rand([2, 2])], 1), tf.concat([rand([0, 3]), rand([2, 3])], 0)] },
  {
    kernels: ['Concat', 'SplitV'],
    name: 'gradient of concat',
    run: (tf, rand) => tf.grads((a: any, b: any) => tf.square(tf.concat([a, b], 1)))([rand([3, 2]), rand([3, 5])]),
  },
  ...perDtype(['Pack'], 'axis 0, 1, -1', (tf, rand, dt) => {
    const xs = [randOf(rand, [3, 4], dt), randOf(rand, [3, 4], dt), randOf(rand, [3, 4], dt)];
    return [tf.stack(xs, 0), tf.stack(xs, 1), tf.stack(xs, -1)];
  }),
  { kernels: ['Pack', 'Unpack'], name: 'gradient of stack; single input', run: (tf, rand) => [...tf.grads((a: any, b: any) => tf.mul(tf.stack([a, b], 1), 3))([rand([2, 3]), rand([2, 3])]), tf.stack([rand([2, 2])], 1)] },
  // PadV2, Tile, Transpose
  ...perDtype(['PadV2'], 'NHWC spatial', (tf, rand, dt) => tf.pad(randOf(rand, [2, 5, 5, 8], dt), [[0, 0], [1, 1], [1, 1], [0, 0]])),
  { kernels: ['PadV2'], name: 'odd pads with a constant, batch 1', run: (tf, rand) => [tf.pad(rand([3, 5]), [[2, 1], [0, 3]], 0.5), tf.pad(rand([1, 3, 3, 3]), [[0, 0], [2, 0], [0, 1], [1, 2]], -2)] },
  { kernels: ['PadV2'], name: 'int32 constant, scalar and empty', run: (tf, rand) => [tf.pad(rand([3, 4], { dtype: 'int32', min: -9, max: 9 }), [[1, 0], [2, 2]], 7), tf.pad(rand([0, 2]), [[1, 1], [0, 0]], 3)] },
  { kernels: ['PadV2', 'Slice'], name: 'gradient of pad', run: (tf, rand) => tf.grad((x: any) => tf.square(tf.pad(x, [[0, 0], [1, 2], [2, 1], [0, 0]])))(rand([2, 3, 4, 5])) },
  ...perDtype(['Tile'], '[2,3] x [2,3]', (tf, rand, dt) => tf.tile(randOf(rand, [2, 3], dt), [2, 3])),
  { kernels: ['Tile'], name: 'repeats of size-1 axes and the channels', run: (tf, rand) => [tf.tile(rand([1, 5, 1]), [3, 1, 4]), tf.tile(rand([2, 1, 1, 6]), [1, 3, 3, 1]), tf.tile(rand([7]), [5])] },
  { kernels: ['Tile', 'Slice', 'Add'], name: 'gradient of tile', run: (tf, rand) => tf.grad((x: any) => tf.square(tf.tile(x, [2, 3])))(rand([3, 2])) },
  ...perDtype(['Transpose'], 'NHWC -> NCHW and back', (tf, rand, dt) => {
    const x = randOf(rand, [2, 3, 5, 7], dt);
    return [tf.transpose(x, [0, 3, 1, 2]), tf.transpose(x, [0, 2, 3, 1])];
  }),
  { kernels: ['Transpose'], name: 'ragged 2-D tiles [37, 67]', run: (tf, rand) => tf.transpose(rand([37, 67])) },
  { kernels: ['Transpose'], name: 'general permutations', run: (tf, rand) => [tf.transpose(rand([2, 3, 4]), [2, 0, 1]), tf.transpose(rand([3, 1, 4, 2, 5]), [4, 2, 1, 0, 3]), tf.transpose(rand([4, 3, 2]), [1, 0, 2])] },
  { kernels: ['Transpose'], name: 'gradient', run: (tf, rand) => tf.grad((x: any) => tf.mul(tf.transpose(x, [1, 2, 0]), tf.reshape(tf.range(0, 24), [3, 4, 2])))(rand([2, 3, 4])) },
  {
    kernels: ['PadV2', 'Slice', 'Transpose', 'Concat'],
    name: 'larger NHWC tensors (threaded CPU paths)',
    run: (tf, rand) => {
      const x = rand([8, 16, 16, 32]);
      return [tf.pad(x, [[0, 0], [1, 1], [1, 1], [0, 0]]), tf.slice(x, [0, 2, 2, 0], [8, 12, 12, 32]),
        tf.transpose(x, [0, 3, 1, 2]), tf.transpose(rand([3, 50, 70]), [0, 2, 1]), tf.concat([x, x], 3)];
    },
  },
  // Cast, Fill, ZerosLike, OnesLike
  {
    kernels: ['Cast'],
    name: 'float32 -> int32, bool: truncation, wrap, NaN, Inf, denormals, -0',
    run: (tf) => {
      const x = tf.tensor1d([2.7, -2.7, 0.5, -0.5, -0, 0, NaN, Infinity, -Infinity, 3e9, -3e9, 2147483520, -2147483648, 1e-40, -1e-45, 1e20]);
      return [tf.cast(x, 'int32'), tf.cast(x, 'bool')];
    },
  },
  {
    kernels: ['Cast'],
    name: 'int32 and bool -> every dtype',
    run: (tf, rand) => {
      const i = rand([4, 5], { dtype: 'int32', min: -3, max: 3 }), b = rand([3, 3], { dtype: 'bool' });
      return [tf.cast(i, 'float32'), tf.cast(i, 'bool'), tf.cast(i, 'int32'), tf.cast(b, 'float32'), tf.cast(b, 'int32'), tf.cast(b, 'bool'), tf.cast(rand([2, 2]), 'float32')];
    },
  },
  { kernels: ['Fill'], name: 'float32, int32, bool', run: (tf) => [tf.fill([3, 4], 2.5), tf.fill([5], -7, 'int32'), tf.fill([2, 3], 1, 'bool'), tf.fill([0, 3], 1.5), tf.fill([], 0.1)] },
  ...perDtype(['ZerosLike', 'OnesLike'], 'like', (tf, rand, dt) => { const x = randOf(rand, [3, 5], dt); return [tf.zerosLike(x), tf.onesLike(x)]; }),
  // Comparisons and logical ops
  ...(['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual'] as const).flatMap((k): ConformanceCase[] => {
    const f = (tf: AnyTf, a: any, b: any) => ({ Greater: tf.greater, GreaterEqual: tf.greaterEqual, Less: tf.less, LessEqual: tf.lessEqual, Equal: tf.equal, NotEqual: tf.notEqual })[k](a, b);
    return [
      { kernels: [k], name: 'float32 broadcast [4,1,5] vs [3,5]', run: (tf, rand) => f(tf, tf.round(rand([4, 1, 5], { min: -2, max: 2 })), tf.round(rand([3, 5], { min: -2, max: 2 }))) },
      { kernels: [k], name: 'int32 vs scalar, batch 1', run: (tf, rand) => [f(tf, rand([1, 9], { dtype: 'int32', min: -3, max: 3 }), tf.scalar(0, 'int32')), f(tf, rand([6, 4], { dtype: 'int32', min: -2, max: 2 }), rand([6, 4], { dtype: 'int32', min: -2, max: 2 }))] },
      { kernels: [k], name: 'bool; NaN, -0, Inf, denormals', run: (tf, rand) => [f(tf, rand([2, 5], { dtype: 'bool' }), rand([5], { dtype: 'bool' })), f(tf, tf.tensor1d([NaN, 1, NaN, -0, 0, Infinity, 1e-40, -1e-40]), tf.tensor1d([NaN, NaN, 1, 0, -0, Infinity, 0, 0]))] },
    ];
  }),
  {
    kernels: ['LogicalAnd', 'LogicalOr', 'LogicalNot'],
    name: 'broadcast [3,1,4] [5,1]',
    run: (tf, rand) => {
      const a = rand([3, 1, 4], { dtype: 'bool' }), b = rand([5, 1], { dtype: 'bool' });
      return [tf.logicalAnd(a, b), tf.logicalOr(a, b), tf.logicalNot(a), tf.logicalXor(a, b)];
    },
  },
  // Select, AddN, ClipByValue
  ...perDtype(['Select'], 'same shapes', (tf, rand, dt) => tf.where(rand([4, 6], { dtype: 'bool' }), randOf(rand, [4, 6], dt), randOf(rand, [4, 6], dt))),
  { kernels: ['Select'], name: 'broadcast condition', run: (tf, rand) => tf.where(rand([3, 1], { dtype: 'bool' }), rand([3, 4]), rand([1, 4])) },
  { kernels: ['Select', 'ZerosLike'], name: 'gradient', run: (tf, rand) => { const c = rand([5, 3], { dtype: 'bool' }); return tf.grads((a: any, b: any) => tf.square(tf.where(c, a, b)))([rand([5, 3]), rand([5, 3])]); } },
  {
    kernels: ['AddN'],
    name: 'float32: 3 and 11 inputs, -0',
    run: (tf, rand) => {
      const xs = Array.from({ length: 11 }, () => rand([4, 7], { min: -1e3, max: 1e3 }));
      return [tf.addN(xs.slice(0, 3)), tf.addN(xs), tf.addN([tf.tensor1d([-0, -0, 1e-40]), tf.tensor1d([-0, 0, -1e-40])]), tf.addN([rand([2, 2])])];
    },
  },
  { kernels: ['AddN'], name: 'int32 with wrap-around', run: (tf, rand) => [tf.addN([rand([3, 3], { dtype: 'int32', min: -9, max: 9 }), rand([3, 3], { dtype: 'int32', min: -9, max: 9 })]), tf.addN([tf.tensor1d([2147483647, -2147483648], 'int32'), tf.tensor1d([1, -1], 'int32')])] },
  {
    kernels: ['ClipByValue'],
    name: 'double bounds, NaN, Inf',
    run: (tf, rand) => [tf.clipByValue(rand([5, 9]), -0.3, 0.1), tf.clipByValue(tf.tensor1d([NaN, Infinity, -Infinity, 0.1, -0.3, 0.30000001]), -0.3, 0.1), tf.clipByValue(rand([3]), 0.2, 0.2)],
  },
  {
    kernels: ['ClipByValue', 'Select', 'LogicalAnd', 'GreaterEqual', 'LessEqual', 'ZerosLike'],
    name: 'gradient',
    run: (tf, rand) => tf.grad((x: any) => tf.mul(tf.clipByValue(x, -0.5, 0.25), 3))(rand([4, 6])),
  },
];
