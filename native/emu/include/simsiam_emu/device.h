// Device side of the emulator: CUDA keywords, built-in variables, warp
// intrinsics, atomics and the arithmetic intrinsics the kernels use.
// Meeting points (__syncthreads, the *_sync warp intrinsics) take their call
// site as default arguments, so a report names the .cu line of the call.
#pragma once
#include <math.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <type_traits>

#include "simsiam_emu/types.h"

#define __global__
#define __device__
#define __host__
// Always inlined, as nvcc does: a SIMSIAM_HD helper shared with a CPU
// reference (.cc) is an inline function defined differently there (no
// __CUDA_ARCH__); a plain `inline` would let the linker keep the CPU copy for
// the kernels too, so they would run (and cover) the host branch.
#define __forceinline__ inline __attribute__((always_inline))
#define __launch_bounds__(...)
#define __align__(n) __attribute__((aligned(n)))
// __restrict__ is a g++ keyword already. __noinline__ is left alone: libstdc++
// spells __attribute__((__noinline__)).

namespace simsiam_emu {
namespace detail {

// What the built-in variables read; the runtime points gCur at the running
// CUDA thread's copy before switching to it.
struct Builtins {
  uint3 thread;
  uint3 block;
  dim3 blockSize;
  dim3 gridSize;
};
inline const Builtins* gCur = nullptr;

enum WarpKind { kShfl, kShflUp, kShflDown, kShflXor, kMatchAny, kBallot, kAny, kAll, kSyncWarp, kMatchAll };
enum BarrierKind { kSyncThreads, kSyncCount, kSyncAnd, kSyncOr };

// Implemented by the runtime: block the calling CUDA thread at a meeting
// point; the result is the intrinsic's value for this lane.
uint64_t warpOp(int kind, unsigned mask, uint64_t bits, int arg, int width, const char* file, int line);
int barrier(int kind, int predicate, const char* file, int line);

template <class T>
inline uint64_t toBits(T v) {
  static_assert(std::is_arithmetic<T>::value && sizeof(T) <= 8, "warp intrinsics take arithmetic types");
  uint64_t b = 0;
  std::memcpy(&b, &v, sizeof(T));
  return b;
}
template <class T>
inline T fromBits(uint64_t b) {
  T v;
  std::memcpy(&v, &b, sizeof(T));
  return v;
}

}  // namespace detail
}  // namespace simsiam_emu

#define threadIdx (::simsiam_emu::detail::gCur->thread)
#define blockIdx (::simsiam_emu::detail::gCur->block)
#define blockDim (::simsiam_emu::detail::gCur->blockSize)
#define gridDim (::simsiam_emu::detail::gCur->gridSize)
constexpr int warpSize = 32;

#define SIMSIAM_EMU_SITE \
  const char *simsiam_file_ = __builtin_FILE(), int simsiam_line_ = __builtin_LINE()
#define SIMSIAM_EMU_AT simsiam_file_, simsiam_line_

// ---- barriers ---------------------------------------------------------------
inline void __syncthreads(SIMSIAM_EMU_SITE) {
  ::simsiam_emu::detail::barrier(::simsiam_emu::detail::kSyncThreads, 0, SIMSIAM_EMU_AT);
}
inline int __syncthreads_count(int p, SIMSIAM_EMU_SITE) {
  return ::simsiam_emu::detail::barrier(::simsiam_emu::detail::kSyncCount, p != 0, SIMSIAM_EMU_AT);
}
inline int __syncthreads_and(int p, SIMSIAM_EMU_SITE) {
  return ::simsiam_emu::detail::barrier(::simsiam_emu::detail::kSyncAnd, p != 0, SIMSIAM_EMU_AT);
}
inline int __syncthreads_or(int p, SIMSIAM_EMU_SITE) {
  return ::simsiam_emu::detail::barrier(::simsiam_emu::detail::kSyncOr, p != 0, SIMSIAM_EMU_AT);
}

// ---- warp intrinsics ----------------------------------------------------------
#define SIMSIAM_EMU_SHFL(NAME, KIND, ARG)                                                                  \
  template <class T>                                                                                       \
  inline T NAME(unsigned mask, T var, ARG a, int width = warpSize, SIMSIAM_EMU_SITE) {                     \
    using namespace ::simsiam_emu::detail;                                                                 \
    return fromBits<T>(warpOp(KIND, mask, toBits(var), static_cast<int>(a), width, SIMSIAM_EMU_AT));       \
  }
SIMSIAM_EMU_SHFL(__shfl_sync, kShfl, int)
SIMSIAM_EMU_SHFL(__shfl_up_sync, kShflUp, unsigned)
SIMSIAM_EMU_SHFL(__shfl_down_sync, kShflDown, unsigned)
SIMSIAM_EMU_SHFL(__shfl_xor_sync, kShflXor, int)
#undef SIMSIAM_EMU_SHFL

template <class T>
inline unsigned __match_any_sync(unsigned mask, T value, SIMSIAM_EMU_SITE) {
  using namespace ::simsiam_emu::detail;
  return static_cast<unsigned>(warpOp(kMatchAny, mask, toBits(value), sizeof(T), 32, SIMSIAM_EMU_AT));
}
template <class T>
inline unsigned __match_all_sync(unsigned mask, T value, int* pred, SIMSIAM_EMU_SITE) {
  using namespace ::simsiam_emu::detail;
  const unsigned r = static_cast<unsigned>(warpOp(kMatchAll, mask, toBits(value), sizeof(T), 32, SIMSIAM_EMU_AT));
  *pred = r != 0;
  return r;
}
inline unsigned __ballot_sync(unsigned mask, int pred, SIMSIAM_EMU_SITE) {
  using namespace ::simsiam_emu::detail;
  return static_cast<unsigned>(warpOp(kBallot, mask, pred != 0, 0, 32, SIMSIAM_EMU_AT));
}
inline int __any_sync(unsigned mask, int pred, SIMSIAM_EMU_SITE) {
  using namespace ::simsiam_emu::detail;
  return static_cast<int>(warpOp(kAny, mask, pred != 0, 0, 32, SIMSIAM_EMU_AT));
}
inline int __all_sync(unsigned mask, int pred, SIMSIAM_EMU_SITE) {
  using namespace ::simsiam_emu::detail;
  return static_cast<int>(warpOp(kAll, mask, pred != 0, 0, 32, SIMSIAM_EMU_AT));
}
inline void __syncwarp(unsigned mask = 0xffffffffu, SIMSIAM_EMU_SITE) {
  using namespace ::simsiam_emu::detail;
  warpOp(kSyncWarp, mask, 0, 0, 32, SIMSIAM_EMU_AT);
}

// ---- bit manipulation ---------------------------------------------------------
inline int __ffs(int x) { return __builtin_ffs(x); }
inline int __ffsll(long long x) { return __builtin_ffsll(x); }
inline int __popc(unsigned x) { return __builtin_popcount(x); }
inline int __popcll(unsigned long long x) { return __builtin_popcountll(x); }
inline int __clz(int x) { return x == 0 ? 32 : __builtin_clz(static_cast<unsigned>(x)); }
inline int __clzll(long long x) { return x == 0 ? 64 : __builtin_clzll(static_cast<unsigned long long>(x)); }
inline unsigned __brev(unsigned x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0f0f0f0fu) | ((x & 0x0f0f0f0fu) << 4);
  return __builtin_bswap32(x);
}

// ---- reinterpretation -----------------------------------------------------------
#define SIMSIAM_EMU_AS(NAME, FROM, TO) \
  inline TO NAME(FROM x) {             \
    TO r;                              \
    std::memcpy(&r, &x, sizeof r);     \
    return r;                          \
  }
SIMSIAM_EMU_AS(__float_as_int, float, int)
SIMSIAM_EMU_AS(__float_as_uint, float, unsigned)
SIMSIAM_EMU_AS(__int_as_float, int, float)
SIMSIAM_EMU_AS(__uint_as_float, unsigned, float)
SIMSIAM_EMU_AS(__double_as_longlong, double, long long)
SIMSIAM_EMU_AS(__longlong_as_double, long long, double)
#undef SIMSIAM_EMU_AS
inline int __double2hiint(double d) { return static_cast<int>(__double_as_longlong(d) >> 32); }
inline int __double2loint(double d) { return static_cast<int>(__double_as_longlong(d)); }
inline double __hiloint2double(int hi, int lo) {
  return __longlong_as_double(static_cast<long long>((static_cast<unsigned long long>(static_cast<unsigned>(hi)) << 32) |
                                                     static_cast<unsigned>(lo)));
}

// ---- rounding intrinsics (round-to-nearest is the host default; build with
// -ffp-contract=off so a product and a sum are never fused) ----------------------
inline float __fadd_rn(float a, float b) { return a + b; }
inline float __fsub_rn(float a, float b) { return a - b; }
inline float __fmul_rn(float a, float b) { return a * b; }
inline float __fdiv_rn(float a, float b) { return a / b; }
inline float __fsqrt_rn(float a) { return sqrtf(a); }
inline float __frcp_rn(float a) { return 1.0f / a; }
inline float __fmaf_rn(float a, float b, float c) { return fmaf(a, b, c); }
inline double __dadd_rn(double a, double b) { return a + b; }
inline double __dsub_rn(double a, double b) { return a - b; }
inline double __dmul_rn(double a, double b) { return a * b; }
inline double __ddiv_rn(double a, double b) { return a / b; }
inline double __dsqrt_rn(double a) { return sqrt(a); }
inline double __drcp_rn(double a) { return 1.0 / a; }
inline double __fma_rn(double a, double b, double c) { return fma(a, b, c); }
inline float __double2float_rn(double d) { return static_cast<float>(d); }
inline float __int2float_rn(int i) { return static_cast<float>(i); }
inline float __uint2float_rn(unsigned i) { return static_cast<float>(i); }
inline float __ll2float_rn(long long i) { return static_cast<float>(i); }
inline double __int2double_rn(int i) { return static_cast<double>(i); }
inline double __ll2double_rn(long long i) { return static_cast<double>(i); }
inline int __float2int_rn(float f) { return static_cast<int>(nearbyintf(f)); }
inline int __float2int_rz(float f) { return static_cast<int>(truncf(f)); }
inline int __float2int_rd(float f) { return static_cast<int>(floorf(f)); }
inline int __float2int_ru(float f) { return static_cast<int>(ceilf(f)); }
inline unsigned __float2uint_rn(float f) { return static_cast<unsigned>(nearbyintf(f)); }
inline unsigned __float2uint_rz(float f) { return static_cast<unsigned>(truncf(f)); }
inline long long __float2ll_rn(float f) { return static_cast<long long>(nearbyintf(f)); }
inline long long __double2ll_rn(double d) { return static_cast<long long>(nearbyint(d)); }
inline int __double2int_rn(double d) { return static_cast<int>(nearbyint(d)); }
inline int __double2int_rz(double d) { return static_cast<int>(trunc(d)); }
inline float __saturatef(float x) { return x != x ? 0.f : x < 0.f ? 0.f : x > 1.f ? 1.f : x; }
// The fast-math intrinsics: the accurate function (results may differ from a
// GPU's in the last bits, as documented).
inline float __expf(float x) { return expf(x); }
inline float __logf(float x) { return logf(x); }
inline float __sinf(float x) { return sinf(x); }
inline float __cosf(float x) { return cosf(x); }
inline float __powf(float x, float y) { return powf(x, y); }
inline float __fdividef(float a, float b) { return a / b; }
inline float rsqrtf(float x) { return 1.0f / sqrtf(x); }
inline double rsqrt(double x) { return 1.0 / sqrt(x); }

// min/max of device code: the overloads CUDA has, as one constrained template.
template <class A, class B,
          class = typename std::enable_if<std::is_arithmetic<A>::value && std::is_arithmetic<B>::value>::type>
inline typename std::common_type<A, B>::type min(A a, B b) {
  using C = typename std::common_type<A, B>::type;
  return static_cast<C>(a) < static_cast<C>(b) ? static_cast<C>(a) : static_cast<C>(b);
}
template <class A, class B,
          class = typename std::enable_if<std::is_arithmetic<A>::value && std::is_arithmetic<B>::value>::type>
inline typename std::common_type<A, B>::type max(A a, B b) {
  using C = typename std::common_type<A, B>::type;
  return static_cast<C>(a) > static_cast<C>(b) ? static_cast<C>(a) : static_cast<C>(b);
}

// ---- memory ordering and loads --------------------------------------------------
// CUDA threads share one OS thread, so a fence orders nothing here; under TSan
// (which does not model fences) the acq_rel atomics give the ordering.
#if defined(__SANITIZE_THREAD__)
inline void __threadfence() {}
#else
inline void __threadfence() { __atomic_signal_fence(__ATOMIC_SEQ_CST); }
#endif
inline void __threadfence_block() { __threadfence(); }
inline void __threadfence_system() { __threadfence(); }
template <class T> inline T __ldg(const T* p) { return *p; }
template <class T> inline T __ldcg(const T* p) { return *p; }
template <class T> inline T __ldca(const T* p) { return *p; }
template <class T> inline T __ldcs(const T* p) { return *p; }
template <class T> inline T __ldlu(const T* p) { return *p; }
template <class T> inline T __ldcv(const T* p) { return *p; }
template <class T> inline void __stcg(T* p, T v) { *p = v; }
template <class T> inline void __stcs(T* p, T v) { *p = v; }
template <class T> inline void __stwb(T* p, T v) { *p = v; }
template <class T> inline void __stwt(T* p, T v) { *p = v; }

#include "simsiam_emu/atomics.h"
