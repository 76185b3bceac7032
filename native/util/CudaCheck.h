// Error plumbing for the CUDA launchers: they return the first cudaError_t as
// an int, and the binding turns it into a JS exception naming the kernel.
#pragma once
#include <cuda_runtime.h>

#define SIMSIAM_CUDA_TRY(expr)              \
  do {                                      \
    cudaError_t simsiam_err_ = (expr);      \
    if (simsiam_err_ != cudaSuccess) return static_cast<int>(simsiam_err_); \
  } while (0)

// After a launch: configuration errors show up in cudaGetLastError.
#define SIMSIAM_CUDA_LAUNCHED() SIMSIAM_CUDA_TRY(cudaGetLastError())
