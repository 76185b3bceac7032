// dst [cols x rows] = src [rows x cols]^T, both with row strides (lds, ldd):
// 8 x 8 register transposes (AVX) inside 64 x 64 tiles, so that neither
// side is walked with a large stride. One copy of each per CPU path
// (SIMSIAM_CPU_INLINE_NS, util/CpuDispatch.h).
#pragma once
#include <algorithm>
#include <cstdint>

#if defined(__AVX__)
#include <immintrin.h>
#endif

#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"

namespace simsiam {
inline namespace SIMSIAM_CPU_INLINE_NS {

inline void transpose8x8(const float* s, int64_t lds, float* d, int64_t ldd) {
#if defined(__AVX__)
  __m256 r[8], t[8];
  for (int i = 0; i < 8; ++i) r[i] = _mm256_loadu_ps(s + i * lds);
  for (int i = 0; i < 8; i += 2) {
    t[i] = _mm256_unpacklo_ps(r[i], r[i + 1]);
    t[i + 1] = _mm256_unpackhi_ps(r[i], r[i + 1]);
  }
  for (int i = 0; i < 8; i += 4) {
    r[i] = _mm256_shuffle_ps(t[i], t[i + 2], 0x44);
    r[i + 1] = _mm256_shuffle_ps(t[i], t[i + 2], 0xEE);
    r[i + 2] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0x44);
    r[i + 3] = _mm256_shuffle_ps(t[i + 1], t[i + 3], 0xEE);
  }
  for (int i = 0; i < 4; ++i) {
    _mm256_storeu_ps(d + i * ldd, _mm256_permute2f128_ps(r[i], r[i + 4], 0x20));
    _mm256_storeu_ps(d + (i + 4) * ldd, _mm256_permute2f128_ps(r[i], r[i + 4], 0x31));
  }
#else
  for (int i = 0; i < 8; ++i)
    for (int j = 0; j < 8; ++j) d[j * ldd + i] = s[i * lds + j];
#endif
}

// Rows [r0, r1) of src.
inline void transposeRows(const float* src, int64_t lds, int64_t r0, int64_t r1, int64_t cols, float* dst,
                          int64_t ldd) {
  constexpr int64_t T = 64;
  for (int64_t i0 = r0; i0 < r1; i0 += T)
    for (int64_t j0 = 0; j0 < cols; j0 += T) {
      const int64_t i1 = std::min(r1, i0 + T), j1 = std::min(cols, j0 + T);
      int64_t i = i0;
      for (; i + 8 <= i1; i += 8) {
        int64_t j = j0;
        for (; j + 8 <= j1; j += 8) transpose8x8(src + i * lds + j, lds, dst + j * ldd + i, ldd);
        for (; j < j1; ++j)
          for (int64_t u = i; u < i + 8; ++u) dst[j * ldd + u] = src[u * lds + j];
      }
      for (; i < i1; ++i)
        for (int64_t j = j0; j < j1; ++j) dst[j * ldd + i] = src[i * lds + j];
    }
}

// Dense src [rows x cols] -> dst [cols x rows]; threaded unless parallel is false.
inline void transpose(const float* src, int64_t rows, int64_t cols, float* dst, bool parallel = true) {
  if (!parallel || rows * cols < (int64_t{1} << 16)) return transposeRows(src, cols, 0, rows, cols, dst, rows);
  parallelFor(rows, std::max<int64_t>(64, (int64_t{1} << 16) / std::max<int64_t>(cols, 1)),
              [&](int64_t begin, int64_t end) { transposeRows(src, cols, begin, end, cols, dst, rows); });
}

}  // namespace SIMSIAM_CPU_INLINE_NS
}  // namespace simsiam
