// What the CUDA side of the addon can do on this machine: discovery and error
// text only. Kernels reach the GPU through one path, the device under the
// `cuda` tfjs backend (native/device/; native.device.* in native/binding/).
// In a CPU-only build (CudaDeviceStub.cc) everything reports "not compiled".
#pragma once
#include <cstdint>
#include <string>
#include <vector>

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

}  // namespace simsiam
