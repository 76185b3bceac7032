#include "util/CpuPath.h"

#include <cstdlib>

#include "util/CpuDispatch.h"

#ifndef SIMSIAM_MARCH_NAME
#define SIMSIAM_MARCH_NAME "unknown"
#endif

namespace simsiam {
namespace {

#if !SIMSIAM_CPU_DISPATCH
// The one path of a build without dispatch: what its -march enables (as the
// GEMM's micro-kernel, gemm/MicroKernel.h, decides).
CpuPath compiledPath() {
#if defined(__AVX512F__)
  return CpuPath::kAvx512;
#elif defined(__AVX2__) && defined(__FMA__)
  return CpuPath::kAvx2;
#elif defined(__x86_64__)
  return CpuPath::kSse2;
#else
  return CpuPath::kGeneric;
#endif
}

#else
// The x86-64 levels the variants are compiled for; libgcc checks that the OS
// saves the AVX / AVX-512 registers too, not only CPUID.
bool cpuRuns(CpuPath p) {
  __builtin_cpu_init();
  switch (p) {
    case CpuPath::kAvx512: return __builtin_cpu_supports("x86-64-v4");
    case CpuPath::kAvx2: return __builtin_cpu_supports("x86-64-v3");
    case CpuPath::kSse2: return true;
    case CpuPath::kGeneric: return false;
  }
  return false;
}
#endif

struct Choice {
  std::vector<CpuPath> available;
  CpuPath path = CpuPath::kGeneric;
  std::string error;
};

Choice choose() {
  Choice c;
#if SIMSIAM_CPU_DISPATCH
  for (CpuPath p : {CpuPath::kAvx512, CpuPath::kAvx2, CpuPath::kSse2})
    if (cpuRuns(p)) c.available.push_back(p);
#else
  c.available.push_back(compiledPath());
#endif
  c.path = c.available.front();
  const char* env = std::getenv("SIMSIAM_CPU_PATH");
  if (!env || !*env) return c;
  const std::string want = env;
  std::string names;
  for (CpuPath p : c.available) {
    if (want == cpuPathName(p)) {
      c.path = p;
      return c;
    }
    names += (names.empty() ? "" : ", ") + std::string(cpuPathName(p));
  }
  c.error = "SIMSIAM_CPU_PATH=" + want + ": this build runs " + names + " on this CPU";
  return c;
}

const Choice& choice() {
  static const Choice c = choose();
  return c;
}

}  // namespace

CpuPath cpuPath() {
  static const CpuPath p = choice().path;
  return p;
}

std::vector<CpuPath> availableCpuPaths() { return choice().available; }

const std::string& cpuPathError() { return choice().error; }

const char* cpuPathName(CpuPath p) {
  switch (p) {
    case CpuPath::kAvx512: return "avx512";
    case CpuPath::kAvx2: return "avx2";
    case CpuPath::kSse2: return "sse2";
    case CpuPath::kGeneric: return "generic";
  }
  return "?";
}

const char* cpuMarch() { return SIMSIAM_MARCH_NAME; }

}  // namespace simsiam
