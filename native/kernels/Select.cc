#include "kernels/Select.h"

#include "kernels/MovementOps.h"

namespace simsiam {
namespace {

template <typename T>
void select(const uint8_t* c, const T* t, const T* e, T* y, int64_t n) {
  for (int64_t i = 0; i < n; ++i) y[i] = c[i] == 1 ? t[i] : e[i];
}

}  // namespace

void selectCpu(const uint8_t* condition, const void* t, const void* e, void* y, int64_t n, size_t elemBytes) {
  if (elemBytes == 4)
    select(condition, static_cast<const uint32_t*>(t), static_cast<const uint32_t*>(e), static_cast<uint32_t*>(y), n);
  else if (elemBytes == 1)
    select(condition, static_cast<const uint8_t*>(t), static_cast<const uint8_t*>(e), static_cast<uint8_t*>(y), n);
}

void addNCpu(ElementType type, const void* const* x, int count, void* y, int64_t n) {
  if (type == ElementType::kFloat32) {
    float* out = static_cast<float*>(y);
    for (int64_t i = 0; i < n; ++i) {
      float acc = 0.f;
      for (int k = 0; k < count; ++k) acc += static_cast<const float*>(x[k])[i];
      out[i] = acc;
    }
  } else if (type == ElementType::kInt32) {
    int32_t* out = static_cast<int32_t*>(y);
    for (int64_t i = 0; i < n; ++i) {
      uint32_t acc = 0;
      for (int k = 0; k < count; ++k) acc += static_cast<uint32_t>(static_cast<const int32_t*>(x[k])[i]);
      out[i] = static_cast<int32_t>(acc);
    }
  }
}

void clipByValueCpu(const float* x, float* y, int64_t n, double lo, double hi) {
  for (int64_t i = 0; i < n; ++i) y[i] = ops::clip(x[i], lo, hi);
}

}  // namespace simsiam
