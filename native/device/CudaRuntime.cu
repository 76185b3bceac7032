// CUDA runtime calls of the device layer (see CudaRuntime.h).
#include <cuda_runtime.h>

#include <cstdint>
#include <cstring>

#include "device/CudaRuntime.h"

namespace simsiam {
namespace cudart {
namespace {

cudaStream_t asStream(void* s) { return static_cast<cudaStream_t>(s); }

// The device initDevice selected: threads other than the JS thread (the read
// workers) make it current before their first runtime call, or the runtime
// would create a context on device 0 for them.
int gDevice = 0;

// One thread per element; patterns of 1/4/8 bytes.
template <typename T>
__global__ void fillKernel(T* dst, T value, size_t count) {
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < count;
       i += static_cast<size_t>(gridDim.x) * blockDim.x)
    dst[i] = value;
}

template <typename T>
int fillTyped(void* dst, const void* pattern, size_t count, cudaStream_t s) {
  T v;
  std::memcpy(&v, pattern, sizeof(T));
  const size_t blocks = (count + 255) / 256;
  fillKernel<T><<<static_cast<unsigned>(blocks < 65535 ? blocks : 65535), 256, 0, s>>>(static_cast<T*>(dst), v, count);
  return static_cast<int>(cudaGetLastError());
}

}  // namespace

int initDevice(int index, void** stream, std::string* name) {
  cudaError_t e = cudaSetDevice(index);
  if (e != cudaSuccess) return e;
  gDevice = index;
  cudaDeviceProp prop{};
  if ((e = cudaGetDeviceProperties(&prop, index)) != cudaSuccess) return e;
  *name = std::string(prop.name) + " (device " + std::to_string(index) + ")";
  cudaMemPool_t pool;
  if ((e = cudaDeviceGetDefaultMemPool(&pool, index)) != cudaSuccess) return e;
  uint64_t keep = UINT64_MAX;
  if ((e = cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep)) != cudaSuccess) return e;
  cudaStream_t s;
  if ((e = cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking)) != cudaSuccess) return e;
  *stream = s;
  return 0;
}

int mallocAsync(void** ptr, size_t bytes, void* stream) {
  const cudaError_t e = cudaMallocAsync(ptr, bytes, asStream(stream));
  if (e == cudaErrorMemoryAllocation) cudaGetLastError();  // not sticky: clear it for the retry
  return e;
}

int freeAsync(void* ptr, void* stream) { return cudaFreeAsync(ptr, asStream(stream)); }

int trimPool(void* stream) {
  cudaError_t e = cudaStreamSynchronize(asStream(stream));
  if (e != cudaSuccess) return e;
  int dev = 0;
  if ((e = cudaGetDevice(&dev)) != cudaSuccess) return e;
  cudaMemPool_t pool;
  if ((e = cudaDeviceGetDefaultMemPool(&pool, dev)) != cudaSuccess) return e;
  return cudaMemPoolTrimTo(pool, 0);
}

int memGetInfo(size_t* freeBytes, size_t* totalBytes) { return cudaMemGetInfo(freeBytes, totalBytes); }

int poolReservedBytes(int index, uint64_t* bytes) {
  cudaMemPool_t pool;
  cudaError_t e = cudaDeviceGetDefaultMemPool(&pool, index);
  if (e != cudaSuccess) return e;
  return cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, bytes);
}

int uploadAsync(void* dst, const void* hostSrc, size_t bytes, void* stream) {
  // From pageable memory this returns once the source has been staged, so
  // the caller may reuse it at once.
  return cudaMemcpyAsync(dst, hostSrc, bytes, cudaMemcpyHostToDevice, asStream(stream));
}

int copyAsync(void* dst, const void* src, size_t bytes, void* stream) {
  return cudaMemcpyAsync(dst, src, bytes, cudaMemcpyDeviceToDevice, asStream(stream));
}

int downloadSync(void* hostDst, const void* src, size_t bytes, void* stream) {
  cudaError_t e = cudaMemcpyAsync(hostDst, src, bytes, cudaMemcpyDeviceToHost, asStream(stream));
  if (e != cudaSuccess) return e;
  return cudaStreamSynchronize(asStream(stream));
}

int hostAlloc(void** hostPtr, size_t bytes) { return cudaMallocHost(hostPtr, bytes); }
int hostFree(void* hostPtr) { return cudaFreeHost(hostPtr); }

int downloadAsync(void* hostDst, const void* src, size_t bytes, void* stream, void** event) {
  cudaError_t e = cudaMemcpyAsync(hostDst, src, bytes, cudaMemcpyDeviceToHost, asStream(stream));
  if (e != cudaSuccess) return e;
  cudaEvent_t ev;
  if ((e = cudaEventCreateWithFlags(&ev, cudaEventDisableTiming | cudaEventBlockingSync)) != cudaSuccess) return e;
  if ((e = cudaEventRecord(ev, asStream(stream))) != cudaSuccess) {
    cudaEventDestroy(ev);
    return e;
  }
  *event = ev;
  return 0;
}

int eventWait(void* event) {
  const cudaError_t e = cudaSetDevice(gDevice);  // runs on a libuv worker thread
  if (e != cudaSuccess) return e;
  return cudaEventSynchronize(static_cast<cudaEvent_t>(event));
}
int eventDestroy(void* event) { return cudaEventDestroy(static_cast<cudaEvent_t>(event)); }
int streamSync(void* stream) { return cudaStreamSynchronize(asStream(stream)); }
bool isOutOfMemory(int err) { return err == cudaErrorMemoryAllocation; }

int fillAsync(void* dst, const void* pattern, size_t patternBytes, size_t count, void* stream) {
  cudaStream_t s = asStream(stream);
  if (count == 0) return 0;  // a grid of 0 blocks is a launch error
  if (patternBytes == 1) return cudaMemsetAsync(dst, *static_cast<const uint8_t*>(pattern), count, s);
  if (patternBytes == 4) return fillTyped<uint32_t>(dst, pattern, count, s);
  if (patternBytes == 8) return fillTyped<uint64_t>(dst, pattern, count, s);
  return static_cast<int>(cudaErrorInvalidValue);  // not read as 8 bytes
}

}  // namespace cudart
}  // namespace simsiam
