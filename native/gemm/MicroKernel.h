// The register tile and the register-blocked inner kernels of gemm, for the
// instruction set of the compile (internal to Gemm.cc and Im2col.cc, which are
// compiled once per CPU path: util/CpuDispatch.h):
//   c[r*ldc + j] (+)= sum_k a[r*RS + k*KS] * b[k*W + j],  r < MR, j < W,
// where (RS, KS) = (kGemmKCStride, 1) for row-major A panels and (1, MR) for
// depth-major ones; both are compile-time, so every A access is one
// broadcast load with a constant offset. W is the width of the B panel:
// kGemmNR (the full tile), or one of the narrow widths kGemmNarrowNR, one
// vector per row, which gemm uses for the columns that would fill only part
// of a full tile (N = 8 or 16 output channels: a 12 x 32 tile would be 75 or
// 50 % padding).
#pragma once
#include <cstdint>

#include "gemm/Gemm.h"
#include "util/CpuDispatch.h"

#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
#include <immintrin.h>
#endif

namespace simsiam {
namespace SIMSIAM_CPU_NS {

// kGemmNarrowNR: the narrow panel widths, widest first (each a single vector:
// zmm, ymm on AVX-512; ymm on AVX2; 4 floats on the portable path).
#if defined(__AVX512F__)
constexpr int kGemmMR = 12, kGemmNR = 32;
constexpr int kGemmNarrowNR[] = {16, 8};
constexpr const char* kGemmIsa = "avx512f";
#elif defined(__AVX2__) && defined(__FMA__)
constexpr int kGemmMR = 6, kGemmNR = 16;
constexpr int kGemmNarrowNR[] = {8};
constexpr const char* kGemmIsa = "avx2+fma";
#else
constexpr int kGemmMR = 4, kGemmNR = 8;
constexpr int kGemmNarrowNR[] = {4};
constexpr const char* kGemmIsa = "portable";
#endif

namespace gemm_detail {

#if defined(__AVX512F__)

template <int64_t RS, int64_t KS>
inline void microKernelFull(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                        int64_t ldc, bool accumulate) {
  static_assert(kGemmMR == 12 && kGemmNR == 32, "tile");
  __m512 c0[12], c1[12];
#pragma GCC unroll 12
  for (int r = 0; r < 12; ++r) c0[r] = c1[r] = _mm512_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    const __m512 b0 = _mm512_loadu_ps(b), b1 = _mm512_loadu_ps(b + 16);
#pragma GCC unroll 12
    for (int r = 0; r < 12; ++r) {
      const __m512 av = _mm512_set1_ps(a[r * RS]);
      c0[r] = _mm512_fmadd_ps(av, b0, c0[r]);
      c1[r] = _mm512_fmadd_ps(av, b1, c1[r]);
    }
    a += KS;
    b += 32;
  }
#pragma GCC unroll 12
  for (int r = 0; r < 12; ++r) {
    float* cr = c + r * ldc;
    if (accumulate) {
      c0[r] = _mm512_add_ps(c0[r], _mm512_loadu_ps(cr));
      c1[r] = _mm512_add_ps(c1[r], _mm512_loadu_ps(cr + 16));
    }
    _mm512_storeu_ps(cr, c0[r]);
    _mm512_storeu_ps(cr + 16, c1[r]);
  }
}

#elif defined(__AVX2__) && defined(__FMA__)

template <int64_t RS, int64_t KS>
inline void microKernelFull(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                        int64_t ldc, bool accumulate) {
  static_assert(kGemmMR == 6 && kGemmNR == 16, "tile");
  __m256 c0[6], c1[6];
#pragma GCC unroll 6
  for (int r = 0; r < 6; ++r) c0[r] = c1[r] = _mm256_setzero_ps();
  for (int64_t k = 0; k < kc; ++k) {
    const __m256 b0 = _mm256_loadu_ps(b), b1 = _mm256_loadu_ps(b + 8);
#pragma GCC unroll 6
    for (int r = 0; r < 6; ++r) {
      const __m256 av = _mm256_broadcast_ss(a + r * RS);
      c0[r] = _mm256_fmadd_ps(av, b0, c0[r]);
      c1[r] = _mm256_fmadd_ps(av, b1, c1[r]);
    }
    a += KS;
    b += 16;
  }
#pragma GCC unroll 6
  for (int r = 0; r < 6; ++r) {
    float* cr = c + r * ldc;
    if (accumulate) {
      c0[r] = _mm256_add_ps(c0[r], _mm256_loadu_ps(cr));
      c1[r] = _mm256_add_ps(c1[r], _mm256_loadu_ps(cr + 8));
    }
    _mm256_storeu_ps(cr, c0[r]);
    _mm256_storeu_ps(cr + 8, c1[r]);
  }
}

#elif defined(__GNUC__)

// Portable: GCC/Clang vector extensions, 4-float vectors (SSE, NEON, ...).
typedef float V4 __attribute__((vector_size(16)));

template <int64_t RS, int64_t KS>
inline void microKernelFull(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                        int64_t ldc, bool accumulate) {
  static_assert(kGemmNR % 4 == 0, "tile");
  constexpr int NV = kGemmNR / 4;
  V4 acc[kGemmMR][NV] = {};
  for (int64_t k = 0; k < kc; ++k) {
    V4 bv[NV];
    __builtin_memcpy(bv, b, sizeof(bv));
    for (int r = 0; r < kGemmMR; ++r) {
      const float x = a[r * RS];
      const V4 av = {x, x, x, x};
      for (int v = 0; v < NV; ++v) acc[r][v] += av * bv[v];
    }
    a += KS;
    b += kGemmNR;
  }
  for (int r = 0; r < kGemmMR; ++r) {
    float* cr = c + r * ldc;
    if (accumulate) {
      V4 old[NV];
      __builtin_memcpy(old, cr, sizeof(old));
      for (int v = 0; v < NV; ++v) acc[r][v] += old[v];
    }
    __builtin_memcpy(cr, acc[r], sizeof(acc[r]));
  }
}

#else

// Plain C++ for any other compiler, at any panel width W (the full kernel's
// and the narrow panels').
template <int64_t W, int64_t RS, int64_t KS>
inline void microKernelPlain(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                             int64_t ldc, bool accumulate) {
  float acc[kGemmMR][W] = {};
  for (int64_t k = 0; k < kc; ++k) {
    for (int r = 0; r < kGemmMR; ++r) {
      const float av = a[r * RS];
      for (int j = 0; j < W; ++j) acc[r][j] += av * b[j];
    }
    a += KS;
    b += W;
  }
  for (int r = 0; r < kGemmMR; ++r)
    for (int j = 0; j < W; ++j) c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0.f) + acc[r][j];
}

template <int64_t RS, int64_t KS>
inline void microKernelFull(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                        int64_t ldc, bool accumulate) {
  microKernelPlain<kGemmNR, RS, KS>(kc, a, b, c, ldc, accumulate);
}

#endif

// One vector per row: the narrow panels (W = the vector's width).
#if defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))
struct Ymm {
  using V = __m256;
  static constexpr int kWidth = 8;
  static V zero() { return _mm256_setzero_ps(); }
  static V load(const float* p) { return _mm256_loadu_ps(p); }
  static V broadcast(const float* p) { return _mm256_broadcast_ss(p); }
  static V fma(V a, V b, V c) { return _mm256_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm256_add_ps(a, b); }
  static void store(float* p, V v) { _mm256_storeu_ps(p, v); }
};
#endif
#if defined(__AVX512F__)
struct Zmm {
  using V = __m512;
  static constexpr int kWidth = 16;
  static V zero() { return _mm512_setzero_ps(); }
  static V load(const float* p) { return _mm512_loadu_ps(p); }
  static V broadcast(const float* p) { return _mm512_set1_ps(*p); }
  static V fma(V a, V b, V c) { return _mm512_fmadd_ps(a, b, c); }
  static V add(V a, V b) { return _mm512_add_ps(a, b); }
  static void store(float* p, V v) { _mm512_storeu_ps(p, v); }
};
#endif
#if !(defined(__AVX512F__) || (defined(__AVX2__) && defined(__FMA__))) && defined(__GNUC__)
struct Vec4 {
  typedef float V __attribute__((vector_size(16)));
  static constexpr int kWidth = 4;
  static V zero() { return V{0.f, 0.f, 0.f, 0.f}; }
  static V load(const float* p) {
    V v;
    __builtin_memcpy(&v, p, sizeof(v));
    return v;
  }
  static V broadcast(const float* p) { return V{*p, *p, *p, *p}; }
  static V fma(V a, V b, V c) { return c + a * b; }
  static V add(V a, V b) { return a + b; }
  static void store(float* p, V v) { __builtin_memcpy(p, &v, sizeof(v)); }
};
#endif

// The vectors of a row of a panel of width W: Panel<W>::T, Panel<W>::kCount
// of them (for kernels written over both, e.g. kernels/ConvDirect.cc).
#define SIMSIAM_GEMM_PANEL_VECTORS 1
template <int64_t W>
struct Panel;
#if defined(__AVX512F__)
template <> struct Panel<32> { using T = Zmm; static constexpr int kCount = 2; };
template <> struct Panel<16> { using T = Zmm; static constexpr int kCount = 1; };
template <> struct Panel<8> { using T = Ymm; static constexpr int kCount = 1; };
#elif defined(__AVX2__) && defined(__FMA__)
template <> struct Panel<16> { using T = Ymm; static constexpr int kCount = 2; };
template <> struct Panel<8> { using T = Ymm; static constexpr int kCount = 1; };
#elif defined(__GNUC__)
template <> struct Panel<8> { using T = Vec4; static constexpr int kCount = 2; };
template <> struct Panel<4> { using T = Vec4; static constexpr int kCount = 1; };
#else
#undef SIMSIAM_GEMM_PANEL_VECTORS
#endif

template <class T, int64_t RS, int64_t KS>
inline void microKernelVector(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                              int64_t ldc, bool accumulate) {
  using V = typename T::V;
  V acc[kGemmMR];
#pragma GCC unroll 16
  for (int r = 0; r < kGemmMR; ++r) acc[r] = T::zero();
  for (int64_t k = 0; k < kc; ++k) {
    const V bv = T::load(b);
#pragma GCC unroll 16
    for (int r = 0; r < kGemmMR; ++r) acc[r] = T::fma(T::broadcast(a + r * RS), bv, acc[r]);
    a += KS;
    b += T::kWidth;
  }
#pragma GCC unroll 16
  for (int r = 0; r < kGemmMR; ++r) {
    float* cr = c + r * ldc;
    T::store(cr, accumulate ? T::add(acc[r], T::load(cr)) : acc[r]);
  }
}

// The kernel of a panel of width W (kGemmNR or one of kGemmNarrowNR).
template <int64_t W, int64_t RS, int64_t KS>
inline void microKernel(int64_t kc, const float* __restrict a, const float* __restrict b, float* __restrict c,
                        int64_t ldc, bool accumulate) {
  if constexpr (W == kGemmNR) {
    microKernelFull<RS, KS>(kc, a, b, c, ldc, accumulate);
  } else {
#if defined(__AVX512F__)
    static_assert(W == 16 || W == 8, "narrow width");
    if constexpr (W == 16)
      microKernelVector<Zmm, RS, KS>(kc, a, b, c, ldc, accumulate);
    else
      microKernelVector<Ymm, RS, KS>(kc, a, b, c, ldc, accumulate);
#elif defined(__AVX2__) && defined(__FMA__)
    static_assert(W == 8, "narrow width");
    microKernelVector<Ymm, RS, KS>(kc, a, b, c, ldc, accumulate);
#elif defined(__GNUC__)
    static_assert(W == 4, "narrow width");
    microKernelVector<Vec4, RS, KS>(kc, a, b, c, ldc, accumulate);
#else
    microKernelPlain<W, RS, KS>(kc, a, b, c, ldc, accumulate);
#endif
  }
}

}  // namespace gemm_detail
}  // namespace SIMSIAM_CPU_NS
}  // namespace simsiam
