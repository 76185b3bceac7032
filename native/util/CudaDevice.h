// What the CUDA side of the addon can do on this machine, plus host-buffer
// harnesses that run the CUDA kernels for tests and benchmarks. In a CPU-only
// build (CudaDeviceStub.cc) everything reports "not compiled".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "kernels/SimSiamAugment.h"
#include "kernels/SimSiamLoss.h"

namespace simsiam {

constexpr int kCudaNotCompiled = -1;

struct CudaDeviceInfo {
  int index;
  std::string name;
  int major, minor;
  int multiprocessors;
  uint64_t totalMemory, freeMemory;
};

struct CudaReport {
  bool compiled = false;
  std::string architectures;
  int runtimeVersion = 0, driverVersion = 0;
  std::vector<CudaDeviceInfo> devices;
  std::string reason;  // why no device is usable, empty when one is
};

CudaReport queryCuda();
std::string cudaErrorText(int code);  // "cudaErrorMemoryAllocation: out of memory"

// Copy host buffers to the device, run the kernel, copy results back.
int lossOnDevice(const LossPairs& host, int64_t B, int64_t D, float* loss);
int augmentOnDevice(const ImageRef* images, const ViewParams* params, int64_t n, const AugmentConfig& cfg,
                    float* out);
// Mean kernel time in ms over `iters` launches on device-resident inputs.
int benchLossOnDevice(int pairs, int64_t B, int64_t D, int iters, double* ms);
int benchAugmentOnDevice(const ImageRef* images, const ViewParams* params, int64_t n, const AugmentConfig& cfg,
                         int iters, double* ms);

}  // namespace simsiam
