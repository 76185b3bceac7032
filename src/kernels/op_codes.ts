// Op codes of the native element-wise and reduction kernels (cpu backend and
// device): the order of BinaryOp and UnaryOp in native/kernels/ElementwiseOps.h
// and of ReduceOp in native/kernels/Reduce.h.
export const BinaryOp = {
  Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, SquaredDifference: 4, Maximum: 5, Minimum: 6, Pow: 7,
} as const;

export const UnaryOp = {
  Relu: 0, Step: 1, Sqrt: 2, Rsqrt: 3, Square: 4, Neg: 5, Abs: 6, Exp: 7, Log: 8, Sigmoid: 9, Tanh: 10,
  Reciprocal: 11, Relu6: 12, Elu: 13, LeakyRelu: 14, Sign: 15, Floor: 16,
} as const;

export const ReduceOp = { Sum: 0, Mean: 1, Max: 2, Min: 3 } as const;
