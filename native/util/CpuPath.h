// The code path of the CPU kernels. A portable build (SIMSIAM_MARCH=portable,
// the default) is x86-64 baseline code, plus the hot kernels compiled again
// for x86-64-v3 (AVX2 + FMA) and x86-64-v4 (AVX-512); the best path this CPU
// runs is chosen once per process (util/CpuDispatch.h). Other builds have one
// path, the one their -march implies.
#pragma once
#include <string>
#include <vector>

namespace simsiam {

enum class CpuPath : int { kGeneric, kSse2, kAvx2, kAvx512 };

// The path of this process: the best one in availableCpuPaths(), or the one
// SIMSIAM_CPU_PATH names (avx512, avx2, sse2) when this CPU runs it.
CpuPath cpuPath();

// The paths this build can take on this CPU, best first.
std::vector<CpuPath> availableCpuPaths();

// Why SIMSIAM_CPU_PATH could not be followed ("" when it was, or is unset);
// cpuPath() is then the best path. The addon refuses to load with this.
const std::string& cpuPathError();

const char* cpuPathName(CpuPath p);

// How the C++ was compiled: "portable" or the -march of SIMSIAM_MARCH.
const char* cpuMarch();

}  // namespace simsiam
