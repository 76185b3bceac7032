// The few CUDA runtime calls the device layer (Device.cc) needs, behind a
// header without CUDA types so Device.cc builds in CPU-only builds too
// (CudaRuntime.cu, or CudaRuntimeStub.cc there). All return a cudaError_t as
// int; pointers are device pointers unless named host.
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

namespace simsiam {
namespace cudart {

// Selects the device, creates the stream and makes the default memory pool
// keep freed memory (so no step calls cudaMalloc once the pool is warm).
int initDevice(int index, void** stream, std::string* name);
int mallocAsync(void** ptr, size_t bytes, void* stream);
int freeAsync(void* ptr, void* stream);
// After an allocation failure: wait for pending frees and return cached pool
// memory to the driver, so a retry can succeed.
int trimPool(void* stream);
int memGetInfo(size_t* freeBytes, size_t* totalBytes);
int poolReservedBytes(int index, uint64_t* bytes);
int uploadAsync(void* dst, const void* hostSrc, size_t bytes, void* stream);
int copyAsync(void* dst, const void* src, size_t bytes, void* stream);
int downloadSync(void* hostDst, const void* src, size_t bytes, void* stream);
int hostAlloc(void** hostPtr, size_t bytes);  // pinned
int hostFree(void* hostPtr);
// Staged read: enqueue the copy into pinned memory and record an event.
int downloadAsync(void* hostDst, const void* src, size_t bytes, void* stream, void** event);
int eventWait(void* event);
int eventDestroy(void* event);
int streamSync(void* stream);
bool isOutOfMemory(int err);
// Repeats `pattern` (1, 4 or 8 bytes) count times.
int fillAsync(void* dst, const void* pattern, size_t patternBytes, size_t count, void* stream);

}  // namespace cudart
}  // namespace simsiam
