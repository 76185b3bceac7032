// Same formulas as tfjs-backend-cpu's Relu/Relu6/Elu/LeakyRelu/Prelu/Sigmoid,
// written so that NaN propagates as it does through Math.max/Math.min.
#include "gemm/Epilogue.h"

#include <cmath>

namespace simsiam {
namespace {

template <typename F>
void forEach(float* c, int64_t ldc, int64_t rows, int64_t cols, int64_t col0, F f) {
  for (int64_t i = 0; i < rows; ++i) {
    float* row = c + i * ldc;
    for (int64_t j = 0; j < cols; ++j) row[j] = f(row[j], col0 + j);
  }
}

}  // namespace

void applyEpilogue(const Epilogue& ep, float* c, int64_t ldc, int64_t rows, int64_t cols, int64_t col0) {
  if (ep.bias) {
    if (ep.biasLen == 1) {
      const float b = ep.bias[0];
      forEach(c, ldc, rows, cols, col0, [b](float v, int64_t) { return v + b; });
    } else {
      const float* bias = ep.bias;
      forEach(c, ldc, rows, cols, col0, [bias](float v, int64_t j) { return v + bias[j]; });
    }
  }
  switch (ep.act) {
    case Activation::kLinear:
      break;
    case Activation::kRelu:
      forEach(c, ldc, rows, cols, col0, [](float v, int64_t) { return v < 0.f ? 0.f : v; });
      break;
    case Activation::kRelu6:
      forEach(c, ldc, rows, cols, col0, [](float v, int64_t) { return v < 0.f ? 0.f : (v > 6.f ? 6.f : v); });
      break;
    case Activation::kElu:
      forEach(c, ldc, rows, cols, col0, [](float v, int64_t) { return v >= 0.f ? v : std::expm1(v); });
      break;
    case Activation::kLeakyRelu: {
      const float a = ep.leakyAlpha;
      forEach(c, ldc, rows, cols, col0, [a](float v, int64_t) { return v < 0.f ? a * v : v; });
      break;
    }
    case Activation::kPrelu: {
      const float* w = ep.prelu;
      if (ep.preluLen == 1)
        forEach(c, ldc, rows, cols, col0, [w](float v, int64_t) { return v < 0.f ? w[0] * v : v; });
      else
        forEach(c, ldc, rows, cols, col0, [w](float v, int64_t j) { return v < 0.f ? w[j] * v : v; });
      break;
    }
    case Activation::kSigmoid:
      forEach(c, ldc, rows, cols, col0, [](float v, int64_t) { return 1.f / (1.f + std::exp(-v)); });
      break;
  }
}

}  // namespace simsiam
