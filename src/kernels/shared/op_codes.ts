// Op codes of the native kernels (cpu backend and device): the order of
// BinaryOp and UnaryOp in native/kernels/ElementwiseOps.h, of ReduceOp in
// native/kernels/Reduce.h and of the activations in native/gemm/Epilogue.h.
export const BinaryOp = {
  Add: 0, Sub: 1, Multiply: 2, RealDiv: 3, SquaredDifference: 4, Maximum: 5, Minimum: 6, Pow: 7,
} as const;

export const UnaryOp = {
  Relu: 0, Step: 1, Sqrt: 2, Rsqrt: 3, Square: 4, Neg: 5, Abs: 6, Exp: 7, Log: 8, Sigmoid: 9, Tanh: 10,
  Reciprocal: 11, Relu6: 12, Elu: 13, LeakyRelu: 14, Sign: 15, Floor: 16,
} as const;

export const ReduceOp = { Sum: 0, Mean: 1, Max: 2, Min: 3 } as const;

/** The fused activation of _FusedMatMul / FusedConv2D, by tfjs's name. */
export const ACTIVATIONS: Record<string, number> = {
  linear: 0, relu: 1, relu6: 2, elu: 3, leakyrelu: 4, prelu: 5, sigmoid: 6,
};
