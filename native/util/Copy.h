// Small copies for the packing routines: a packed panel is filled with runs
// of a few floats, where a memcpy call costs more than the copy. One copy of
// each per CPU path (SIMSIAM_CPU_INLINE_NS, util/CpuDispatch.h).
#pragma once
#include <cstdint>

#include "util/CpuDispatch.h"

#if defined(__AVX512F__)
#include <immintrin.h>
#endif

namespace simsiam {
inline namespace SIMSIAM_CPU_INLINE_NS {

// n <= 16 floats.
inline void copyShort(float* __restrict d, const float* __restrict s, int64_t n) {
#if defined(__AVX512F__)
  const __mmask16 m = static_cast<__mmask16>((1u << n) - 1);  // masked-off lanes never fault
  _mm512_mask_storeu_ps(d, m, _mm512_maskz_loadu_ps(m, s));
#else
  for (int64_t i = 0; i < n; ++i) d[i] = s[i];
#endif
}

// n <= 16 floats.
inline void zeroShort(float* d, int64_t n) {
#if defined(__AVX512F__)
  _mm512_mask_storeu_ps(d, static_cast<__mmask16>((1u << n) - 1), _mm512_setzero_ps());
#else
  for (int64_t i = 0; i < n; ++i) d[i] = 0.f;
#endif
}

inline void copyFloats(float* __restrict d, const float* __restrict s, int64_t n) {
  int64_t i = 0;
  for (; i + 16 <= n; i += 16)
    for (int j = 0; j < 16; ++j) d[i + j] = s[i + j];
  if (i < n) copyShort(d + i, s + i, n - i);
}

inline void zeroFloats(float* d, int64_t n) {
  for (int64_t i = 0; i < n; ++i) d[i] = 0.f;
}

}  // namespace SIMSIAM_CPU_INLINE_NS
}  // namespace simsiam
