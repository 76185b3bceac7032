// TopK of tfjs on float32 rows (x [rows, n] -> values, indices [rows, k]),
// sorted: values in decreasing order, equal values (-0 == +0) by increasing
// index, as tfjs-backend-cpu's comparePair orders them. NaN: tfjs-cpu's
// comparator (b.value - a.value) is inconsistent with NaN and with equal
// infinities (Inf - Inf is NaN), so its order then depends on its selection
// algorithm; here NaN ranks above +Infinity, and equal values, infinities
// and NaNs included, go by index.
// Each element has a unique 64-bit rank key (topKKey): the float's order key
// in the high half, the complement of the index in the low half, so the top
// k are the k largest keys in decreasing order.
// CPU reference: TopK.cc (partial sort); CUDA: TopK.cu (per-row radix select
// of the k-th key, then a bitonic sort of the k survivors).
#pragma once
#include <cstdint>
#include <cstring>

#include "kernels/HostDevice.h"

namespace simsiam {

// The largest k the CUDA kernel takes (its survivors are sorted in shared memory).
constexpr int64_t kTopKMaxK = 2048;

// Order-preserving map of a float to uint32 (larger value, larger key):
// -0 as +0, every NaN above +Infinity.
SIMSIAM_HD uint32_t topKValueKey(float v) {
  if (v != v) return 0xffffffffu;
  if (v == 0.0f) v = 0.0f;
  uint32_t u;
#ifdef __CUDA_ARCH__
  u = __float_as_uint(v);
#else
  std::memcpy(&u, &v, sizeof u);
#endif
  return (u & 0x80000000u) ? ~u : (u | 0x80000000u);
}

SIMSIAM_HD uint64_t topKKey(float v, int64_t index) {
  return (static_cast<uint64_t>(topKValueKey(v)) << 32) | (0xffffffffu - static_cast<uint32_t>(index));
}

SIMSIAM_HD int64_t topKIndexOf(uint64_t key) { return static_cast<int64_t>(0xffffffffu - static_cast<uint32_t>(key)); }

// n < 2^31, k <= n.
void topKCpu(const float* x, float* values, int32_t* indices, int64_t rows, int64_t n, int64_t k);

// k <= kTopKMaxK.
int topKCuda(const float* x, float* values, int32_t* indices, int64_t rows, int64_t n, int64_t k, void* stream);

}  // namespace simsiam
