// Device discovery and CUDA error text (no kernels here: they run through the
// device under the `cuda` tfjs backend, native/device/).
#include <cuda_runtime.h>

#include "util/CudaDevice.h"

#ifndef SIMSIAM_CUDA_ARCHS
#define SIMSIAM_CUDA_ARCHS ""
#endif

namespace simsiam {

CudaReport queryCuda() {
  CudaReport r;
  r.compiled = true;
  r.architectures = SIMSIAM_CUDA_ARCHS;
  cudaRuntimeGetVersion(&r.runtimeVersion);
  cudaError_t e = cudaDriverGetVersion(&r.driverVersion);
  int count = 0;
  e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error so later calls start clean
    if (e == cudaErrorInsufficientDriver && r.driverVersion == 0)
      r.reason = "no NVIDIA driver found (libcuda.so.1 could not be loaded)";
    else if (e == cudaErrorInsufficientDriver)
      r.reason = "the NVIDIA driver (CUDA " + std::to_string(r.driverVersion / 1000) + "." +
                 std::to_string(r.driverVersion % 1000 / 10) + ") is older than the CUDA runtime the addon was built with";
    else if (e == cudaErrorNoDevice)
      r.reason = "no CUDA device found";
    else
      r.reason = cudaErrorText(static_cast<int>(e));
    return r;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    CudaDeviceInfo d{i, prop.name, prop.major, prop.minor, prop.multiProcessorCount,
                     static_cast<uint64_t>(prop.totalGlobalMem), 0};
    size_t freeB = 0, totalB = 0;
    if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&freeB, &totalB) == cudaSuccess) d.freeMemory = freeB;
    r.devices.push_back(d);
  }
  if (count > 0) cudaSetDevice(0);
  if (r.devices.empty()) r.reason = "no CUDA device found";
  return r;
}

std::string cudaErrorText(int code) {
  if (code == kCudaNotCompiled) return "CUDA support not compiled";
  const cudaError_t e = static_cast<cudaError_t>(code);
  return std::string(cudaGetErrorName(e)) + ": " + cudaGetErrorString(e);
}

}  // namespace simsiam
