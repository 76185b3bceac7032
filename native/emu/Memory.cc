// Device memory: host memory registered by address, filled with 0xFF when
// allocated (a read of memory nothing wrote shows), counted against
// SIMSIAM_EMU_MEMORY. The default pool keeps memory freed with cudaFreeAsync
// (up to its release threshold) for reuse by later cudaMallocAsync calls.
#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>

#include "Runtime.h"

struct CUmemPoolHandle_st {
  uint64_t releaseThreshold = 0;
  uint64_t reserved = 0, reservedHigh = 0, used = 0, usedHigh = 0;
  std::multimap<size_t, void*> cached;  // freed blocks by size
};

namespace simsiam_emu {
namespace {

struct Allocation {
  size_t size;
  Kind kind;
};

struct Registry {
  std::mutex mutex;
  std::map<uintptr_t, Allocation> live;
  size_t inUse = 0;  // device + pool reserved bytes
  CUmemPoolHandle_st pool;
};
Registry& reg() {
  static Registry* r = new Registry;  // never destroyed: the device thread may outlive exit()
  return *r;
}

size_t rounded(size_t bytes) { return (bytes + 255) & ~size_t{255}; }

void* rawAlloc(size_t bytes) {
  void* p = nullptr;
  if (posix_memalign(&p, 256, rounded(bytes ? bytes : 1)) != 0) return nullptr;
  return p;
}

// With the registry locked.
const Allocation* findLocked(Registry& r, const void* p, uintptr_t* base) {
  const uintptr_t a = reinterpret_cast<uintptr_t>(p);
  auto it = r.live.upper_bound(a);
  if (it == r.live.begin()) return nullptr;
  --it;
  if (a > it->first + it->second.size) return nullptr;
  *base = it->first;
  return &it->second;
}

void releaseCachedLocked(Registry& r, uint64_t keep) {
  auto& pool = r.pool;
  for (auto it = pool.cached.begin(); it != pool.cached.end() && pool.reserved > keep;) {
    pool.reserved -= it->first;
    r.inUse -= it->first;
#ifdef SIMSIAM_EMU_ASAN
    __asan_unpoison_memory_region(it->second, it->first);
#endif
    std::free(it->second);
    it = pool.cached.erase(it);
  }
}

}  // namespace

bool inAllocation(const void* p, size_t bytes, bool pinnedOk) {
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  uintptr_t base = 0;
  const Allocation* a = findLocked(r, p, &base);
  if (!a || (a->kind == Kind::kPinned && !pinnedOk)) return false;
  return reinterpret_cast<uintptr_t>(p) + bytes <= base + a->size;
}

bool isPinned(const void* p) {
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  uintptr_t base = 0;
  const Allocation* a = findLocked(r, p, &base);
  return a && a->kind == Kind::kPinned;
}

size_t memoryInUse() {
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  return r.inUse;
}

}  // namespace simsiam_emu

using namespace simsiam_emu;

namespace {
// cudaFree / cudaFreeHost: like cudart, an implicit device synchronisation
// first; then `ptr` must start a live allocation of `kind`.
cudaError_t freeLive(void* ptr, Kind kind, const char* api, const char* what) {
  SIMSIAM_EMU_IGNORE;
  if (!ptr) return cudaSuccess;
  const cudaError_t e = synchronize();
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto it = r.live.find(reinterpret_cast<uintptr_t>(ptr));
  if (it == r.live.end() || it->second.kind != kind) {
    refuse("%s(%p): not the start of a live %s allocation", api, ptr, what);
    return cudaErrorInvalidValue;
  }
  if (kind == Kind::kDevice) r.inUse -= rounded(it->second.size);
  r.live.erase(it);
  std::free(ptr);
  return e;
}
}  // namespace

extern "C" {

cudaError_t cudaMalloc(void** ptr, size_t size) {
  SIMSIAM_EMU_IGNORE;
  if (!ptr) return cudaErrorInvalidValue;
  if (cudaError_t s = stickyError()) return s;
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  if (r.inUse + rounded(size) > settings().memory) {
    setLastError(cudaErrorMemoryAllocation);
    return cudaErrorMemoryAllocation;
  }
  void* p = rawAlloc(size);
  if (!p) return cudaErrorMemoryAllocation;
  std::memset(p, 0xFF, size);
  r.live[reinterpret_cast<uintptr_t>(p)] = Allocation{size, Kind::kDevice};
  r.inUse += rounded(size);
  *ptr = p;
  return cudaSuccess;
}

cudaError_t cudaFree(void* ptr) { return freeLive(ptr, Kind::kDevice, "cudaFree", "cudaMalloc"); }

cudaError_t cudaMallocHost(void** ptr, size_t size) {
  SIMSIAM_EMU_IGNORE;
  if (!ptr) return cudaErrorInvalidValue;
  void* p = rawAlloc(size);
  if (!p) return cudaErrorMemoryAllocation;
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  r.live[reinterpret_cast<uintptr_t>(p)] = Allocation{size, Kind::kPinned};
  *ptr = p;
  return cudaSuccess;
}

cudaError_t cudaHostAlloc(void** ptr, size_t size, unsigned int) { return cudaMallocHost(ptr, size); }

cudaError_t cudaFreeHost(void* ptr) { return freeLive(ptr, Kind::kPinned, "cudaFreeHost", "cudaMallocHost"); }

// Allocated at once (the pointer is valid in stream order from here on);
// the block comes from the pool's cache when one of the size is there.
cudaError_t cudaMallocAsync(void** ptr, size_t size, cudaStream_t) {
  SIMSIAM_EMU_IGNORE;
  if (!ptr) return cudaErrorInvalidValue;
  if (cudaError_t s = stickyError()) return s;
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  auto& pool = r.pool;
  const size_t bytes = rounded(size);
  void* p = nullptr;
  auto hit = pool.cached.find(bytes);
  if (hit != pool.cached.end()) {
    p = hit->second;
    pool.cached.erase(hit);
#ifdef SIMSIAM_EMU_ASAN
    __asan_unpoison_memory_region(p, bytes);
#endif
  } else {
    if (r.inUse + bytes > settings().memory) releaseCachedLocked(r, 0);
    if (r.inUse + bytes > settings().memory || !(p = rawAlloc(size))) {
      setLastError(cudaErrorMemoryAllocation);
      return cudaErrorMemoryAllocation;
    }
    pool.reserved += bytes;
    r.inUse += bytes;
    if (pool.reserved > pool.reservedHigh) pool.reservedHigh = pool.reserved;
  }
  std::memset(p, 0xFF, size);
  pool.used += bytes;
  if (pool.used > pool.usedHigh) pool.usedHigh = pool.used;
  r.live[reinterpret_cast<uintptr_t>(p)] = Allocation{size, Kind::kPool};
  *ptr = p;
  return cudaSuccess;
}

cudaError_t cudaFreeAsync(void* ptr, cudaStream_t stream) {
  SIMSIAM_EMU_IGNORE;
  if (!ptr) return cudaSuccess;
  {
    Registry& r = reg();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto it = r.live.find(reinterpret_cast<uintptr_t>(ptr));
    if (it == r.live.end() || it->second.kind != Kind::kPool) {
      refuse("cudaFreeAsync(%p): not a live cudaMallocAsync allocation", ptr);
      return cudaErrorInvalidValue;
    }
  }
  enqueue(stream, [ptr] {
    Registry& r = reg();
    std::lock_guard<std::mutex> lock(r.mutex);
    auto it = r.live.find(reinterpret_cast<uintptr_t>(ptr));
    const size_t bytes = rounded(it->second.size);
    r.live.erase(it);
    auto& pool = r.pool;
    pool.used -= bytes;
    pool.cached.emplace(bytes, ptr);
#ifdef SIMSIAM_EMU_ASAN
    __asan_poison_memory_region(ptr, bytes);  // a use after the free, in stream order
#endif
    releaseCachedLocked(r, pool.releaseThreshold);
  });
  return stickyError();
}

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t* pool, int device) {
  if (!pool || device != 0) return cudaErrorInvalidValue;
  *pool = &reg().pool;
  return cudaSuccess;
}
cudaError_t cudaDeviceGetMemPool(cudaMemPool_t* pool, int device) { return cudaDeviceGetDefaultMemPool(pool, device); }

cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t pool, enum cudaMemPoolAttr attr, void* value) {
  if (pool != &reg().pool || !value) return cudaErrorInvalidValue;
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  switch (attr) {
    case cudaMemPoolAttrReleaseThreshold: r.pool.releaseThreshold = *static_cast<uint64_t*>(value); return cudaSuccess;
    case cudaMemPoolAttrReservedMemHigh: r.pool.reservedHigh = r.pool.reserved; return cudaSuccess;
    case cudaMemPoolAttrUsedMemHigh: r.pool.usedHigh = r.pool.used; return cudaSuccess;
    case cudaMemPoolReuseFollowEventDependencies:
    case cudaMemPoolReuseAllowOpportunistic:
    case cudaMemPoolReuseAllowInternalDependencies: return cudaSuccess;
    default: return cudaErrorInvalidValue;
  }
}

cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t pool, enum cudaMemPoolAttr attr, void* value) {
  if (pool != &reg().pool || !value) return cudaErrorInvalidValue;
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  uint64_t* v = static_cast<uint64_t*>(value);
  switch (attr) {
    case cudaMemPoolAttrReleaseThreshold: *v = r.pool.releaseThreshold; return cudaSuccess;
    case cudaMemPoolAttrReservedMemCurrent: *v = r.pool.reserved; return cudaSuccess;
    case cudaMemPoolAttrReservedMemHigh: *v = r.pool.reservedHigh; return cudaSuccess;
    case cudaMemPoolAttrUsedMemCurrent: *v = r.pool.used; return cudaSuccess;
    case cudaMemPoolAttrUsedMemHigh: *v = r.pool.usedHigh; return cudaSuccess;
    default: *static_cast<int*>(value) = 1; return cudaSuccess;
  }
}

cudaError_t cudaMemPoolTrimTo(cudaMemPool_t pool, size_t minBytesToKeep) {
  SIMSIAM_EMU_IGNORE;
  if (pool != &reg().pool) return cudaErrorInvalidValue;
  Registry& r = reg();
  std::lock_guard<std::mutex> lock(r.mutex);
  releaseCachedLocked(r, minBytesToKeep);
  return cudaSuccess;
}

cudaError_t cudaMemGetInfo(size_t* freeBytes, size_t* totalBytes) {
  const size_t total = settings().memory, used = memoryInUse();
  if (freeBytes) *freeBytes = used < total ? total - used : 0;
  if (totalBytes) *totalBytes = total;
  return cudaSuccess;
}

}  // extern "C"
