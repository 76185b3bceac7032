// What the fused kernels (FusedConv2D, _FusedMatMul) do to each output value
// after the product: y = act(y + bias[col]). Bias and PReLU weights are per
// output column (channel) or a single value, as in tfjs's broadcasting of a
// [N] or scalar tensor against [..., N].
#pragma once
#include <cstdint>

namespace simsiam {

// Codes shared with src/kernels/cpu/kernel_utils.ts.
enum class Activation : int {
  kLinear = 0,
  kRelu = 1,
  kRelu6 = 2,
  kElu = 3,
  kLeakyRelu = 4,
  kPrelu = 5,
  kSigmoid = 6,
};
constexpr int kActivationCount = 7;

struct Epilogue {
  const float* bias = nullptr;   // biasLen values: 1 (broadcast) or one per column
  int64_t biasLen = 0;
  Activation act = Activation::kLinear;
  float leakyAlpha = 0.f;        // kLeakyRelu
  const float* prelu = nullptr;  // kPrelu: preluLen values, 1 or one per column
  int64_t preluLen = 0;

  bool isIdentity() const { return bias == nullptr && act == Activation::kLinear; }
};

// Applies ep to rows x cols values at c (row stride ldc) whose first column is
// output column col0.
void applyEpilogue(const Epilogue& ep, float* c, int64_t ldc, int64_t rows, int64_t cols, int64_t col0);

}  // namespace simsiam
