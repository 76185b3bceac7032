// One source, several CPU paths (util/CpuPath.h). A source listed in
// SIMSIAM_CPU_DISPATCHED (CMakeLists.txt) is compiled as every other source
// (x86-64 baseline: the sse2 path, the compile that also defines the public
// functions) and, in a portable build, twice more: -march=x86-64-v3 (avx2) and
// -march=x86-64-v4 (avx512). Each compile puts its kernels in a namespace of
// its own, SIMSIAM_CPU_NS (cpu_sse2, cpu_avx2, cpu_avx512; cpu_native in a
// build with one path), and the public function calls the variant of the
// path chosen for the process:
//
//   namespace simsiam {
//   namespace SIMSIAM_CPU_NS {
//   void unaryCpu(UnaryOp op, ...) { ... }       // this compile's variant
//   }
//   #if SIMSIAM_CPU_DISPATCHERS
//   SIMSIAM_CPU_VARIANTS(unaryCpu)               // the other compiles' variants
//   void unaryCpu(UnaryOp op, ...) { SIMSIAM_CPU_PICK(unaryCpu)(op, ...); }
//   #endif
//   }
//
// Inside the variant, call another public function of the file qualified
// (SIMSIAM_CPU_NS::f): argument-dependent lookup also finds the dispatcher.
//
// Header inline code whose instructions depend on the -march (the SIMD
// helpers of util/Copy.h, util/Transpose.h) sits in SIMSIAM_CPU_INLINE_NS, an
// inline namespace per path: with one name for all, the linker would keep a
// single compile's copy for every caller (an AVX-512 copy on the sse2 path,
// or the baseline copy in the AVX-512 kernels). Other inline code shared by
// the compiles (the standard library's) is kept from the baseline objects,
// which the link sees first; test/cpu_dispatch.test.ts disassembles the addon
// and finds AVX instructions only in the avx2 and avx512 variants.
#pragma once
#include "util/CpuPath.h"

#ifndef SIMSIAM_CPU_DISPATCH
#define SIMSIAM_CPU_DISPATCH 0  // set (1) by CMake in portable builds on x86-64
#endif

#ifdef SIMSIAM_CPU_VARIANT  // set by CMake for the avx2 and avx512 compiles
#define SIMSIAM_CPU_DISPATCHERS 0
#elif SIMSIAM_CPU_DISPATCH
#define SIMSIAM_CPU_DISPATCHERS 1
#define SIMSIAM_CPU_VARIANT sse2
#else
#define SIMSIAM_CPU_DISPATCHERS 1
#define SIMSIAM_CPU_VARIANT native
#endif

#define SIMSIAM_CPU_CAT_(a, b) a##b
#define SIMSIAM_CPU_CAT(a, b) SIMSIAM_CPU_CAT_(a, b)
#define SIMSIAM_CPU_NS SIMSIAM_CPU_CAT(cpu_, SIMSIAM_CPU_VARIANT)
#define SIMSIAM_CPU_INLINE_NS SIMSIAM_CPU_CAT(isa_, SIMSIAM_CPU_VARIANT)

#if SIMSIAM_CPU_DISPATCH
// Inside namespace simsiam, after this compile's (cpu_sse2) fn.
#define SIMSIAM_CPU_VARIANTS(fn)                \
  namespace cpu_avx2 {                          \
  decltype(cpu_sse2::fn) fn;                    \
  }                                             \
  namespace cpu_avx512 {                        \
  decltype(cpu_sse2::fn) fn;                    \
  }
#define SIMSIAM_CPU_PICK(fn)                                                   \
  (::simsiam::cpuPath() == ::simsiam::CpuPath::kAvx512 ? &cpu_avx512::fn       \
   : ::simsiam::cpuPath() == ::simsiam::CpuPath::kAvx2 ? &cpu_avx2::fn : &cpu_sse2::fn)
#else
#define SIMSIAM_CPU_VARIANTS(fn)
#define SIMSIAM_CPU_PICK(fn) (&SIMSIAM_CPU_NS::fn)
#endif
