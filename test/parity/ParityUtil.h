// Helpers shared by the element-wise and data-movement parity cases.
#pragma once
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <vector>

#include "Parity.h"
#include "kernels/ElementwiseOps.h"

namespace parity {

inline void expectSameFloats(Context& ctx, const char* what, const std::vector<float>& got,
                             const std::vector<float>& want) {
  ctx.expectBits(what, canonicalNaN(got), canonicalNaN(want));  // any NaN meets any NaN
}

inline uint32_t bitsOf(float f) {
  uint32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
inline float fromBits(uint32_t b) {
  float f;
  std::memcpy(&f, &b, 4);
  return f;
}

inline std::vector<uint8_t> randomBytes(Rng& rng, size_t n) {
  std::vector<uint8_t> v(n);
  for (auto& x : v) x = static_cast<uint8_t>(rng.next());
  return v;
}

// A host output buffer as DeviceBuffer makes it (every byte 0xFF), so the
// elements a kernel must leave alone compare too.
template <typename T>
std::vector<T> untouched(size_t n) {
  std::vector<T> v(n);
  if (n) std::memset(v.data(), 0xFF, n * sizeof(T));
  return v;
}

inline int64_t product(const std::vector<int64_t>& dims) {
  int64_t n = 1;
  for (int64_t d : dims) n *= d;
  return n;
}

// NumPy broadcast of a and b (right-aligned).
inline simsiam::BroadcastShapes broadcastShapes(const std::vector<int64_t>& a, const std::vector<int64_t>& b) {
  simsiam::BroadcastShapes s{};
  s.rank = static_cast<int>(std::max(a.size(), b.size()));
  for (int d = 0; d < s.rank; ++d) {
    const int ia = d - (s.rank - static_cast<int>(a.size())), ib = d - (s.rank - static_cast<int>(b.size()));
    s.a[d] = ia >= 0 ? a[ia] : 1;
    s.b[d] = ib >= 0 ? b[ib] : 1;
    s.out[d] = s.a[d] == 1 ? s.b[d] : s.a[d];
  }
  return s;
}

}  // namespace parity
