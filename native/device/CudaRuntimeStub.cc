// CPU-only build: no CUDA device can be initialised (the host reference
// device needs none of these).
#include "device/CudaRuntime.h"
#include "util/CudaDevice.h"

namespace simsiam {
namespace cudart {

int initDevice(int, void**, std::string*) { return kCudaNotCompiled; }
int mallocAsync(void**, size_t, void*) { return kCudaNotCompiled; }
int freeAsync(void*, void*) { return kCudaNotCompiled; }
int trimPool(void*) { return kCudaNotCompiled; }
int memGetInfo(size_t*, size_t*) { return kCudaNotCompiled; }
int poolReservedBytes(int, uint64_t*) { return kCudaNotCompiled; }
int uploadAsync(void*, const void*, size_t, void*) { return kCudaNotCompiled; }
int copyAsync(void*, const void*, size_t, void*) { return kCudaNotCompiled; }
int downloadSync(void*, const void*, size_t, void*) { return kCudaNotCompiled; }
int hostAlloc(void**, size_t) { return kCudaNotCompiled; }
int hostFree(void*) { return kCudaNotCompiled; }
int downloadAsync(void*, const void*, size_t, void*, void**) { return kCudaNotCompiled; }
int eventWait(void*) { return kCudaNotCompiled; }
int eventDestroy(void*) { return kCudaNotCompiled; }
int streamSync(void*) { return kCudaNotCompiled; }
bool isOutOfMemory(int) { return false; }
int fillAsync(void*, const void*, size_t, size_t, void*) { return kCudaNotCompiled; }

}  // namespace cudart
}  // namespace simsiam
