// Select, AddN and ClipByValue (CPU reference: Select.cc; per-element
// semantics, MovementOps.h): grid-stride element-wise kernels. AddN takes up
// to kAddNBatch inputs per launch, accumulating into y between launches, so
// each element sees the same additions in the same order as on the CPU.
#include <cuda_runtime.h>

#include "kernels/MovementOps.h"
#include "kernels/MovementUnits.cuh"
#include "kernels/Select.h"
#include "kernels/GridStride.cuh"
#include "util/CudaCheck.h"

namespace simsiam {
namespace {

constexpr int kAddNBatch = 8;

template <typename T>
__global__ void selectKernel(const uint8_t* __restrict__ c, const T* __restrict__ t, const T* __restrict__ e,
                             T* __restrict__ y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n)
    y[i] = c[i] == 1 ? t[i] : e[i];
}

template <typename T>
struct AddNArgs {
  const T* x[kAddNBatch];
  int count;
  bool first;  // start from 0 rather than from y
};

// T: float, or uint32_t for int32 (wrapping adds).
template <typename T>
__global__ void addNKernel(AddNArgs<T> a, T* y, int64_t n) {
  SIMSIAM_GRID_STRIDE(i, n) {
    T acc = a.first ? T(0) : y[i];
    for (int k = 0; k < a.count; ++k) acc += a.x[k][i];
    y[i] = acc;
  }
}

template <typename T>
int addN(const void* const* x, int count, void* y, int64_t n, cudaStream_t st) {
  for (int k0 = 0; k0 < count; k0 += kAddNBatch) {
    AddNArgs<T> a{};
    a.count = count - k0 < kAddNBatch ? count - k0 : kAddNBatch;
    a.first = k0 == 0;
    for (int k = 0; k < a.count; ++k) a.x[k] = static_cast<const T*>(x[k0 + k]);
    addNKernel<T><<<movementBlocks(n), kMovementThreads, 0, st>>>(a, static_cast<T*>(y), n);
    SIMSIAM_CUDA_LAUNCHED();
  }
  return 0;
}

__global__ void clipKernel(const float* __restrict__ x, float* __restrict__ y, int64_t n, double lo, double hi) {
  SIMSIAM_GRID_STRIDE(i, n)
    y[i] = ops::clip(x[i], lo, hi);
}

}  // namespace

int selectCuda(const uint8_t* condition, const void* t, const void* e, void* y, int64_t n, size_t elemBytes,
               void* stream) {
  if (n == 0) return 0;
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  if (elemBytes == 4)
    selectKernel<uint32_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(
        condition, static_cast<const uint32_t*>(t), static_cast<const uint32_t*>(e), static_cast<uint32_t*>(y), n);
  else if (elemBytes == 1)
    selectKernel<uint8_t><<<movementBlocks(n), kMovementThreads, 0, st>>>(
        condition, static_cast<const uint8_t*>(t), static_cast<const uint8_t*>(e), static_cast<uint8_t*>(y), n);
  else
    return static_cast<int>(cudaErrorInvalidValue);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

int addNCuda(ElementType type, const void* const* x, int count, void* y, int64_t n, void* stream) {
  if (n == 0 || count == 0) return 0;
  cudaStream_t st = static_cast<cudaStream_t>(stream);
  if (type == ElementType::kFloat32) return addN<float>(x, count, y, n, st);
  if (type == ElementType::kInt32) return addN<uint32_t>(x, count, y, n, st);
  return static_cast<int>(cudaErrorInvalidValue);
}

int clipByValueCuda(const float* x, float* y, int64_t n, double lo, double hi, void* stream) {
  if (n == 0) return 0;
  clipKernel<<<movementBlocks(n), kMovementThreads, 0, static_cast<cudaStream_t>(stream)>>>(x, y, n, lo, hi);
  SIMSIAM_CUDA_LAUNCHED();
  return 0;
}

}  // namespace simsiam
