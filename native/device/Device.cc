#include "device/Device.h"

#include <cstdlib>
#include <cstring>
#include <map>
#include <mutex>
#include <vector>

#include "device/CudaRuntime.h"
#include "util/CudaDevice.h"

namespace simsiam {
namespace device {

struct PendingRead {
  void* staging = nullptr;  // pinned (CUDA) or malloc'd (host device)
  size_t capacity = 0;
  size_t bytes = 0;
  void* event = nullptr;
  int error = 0;
};

namespace {

Mode gMode = Mode::kNone;
int gIndex = -1;
void* gStream = nullptr;
std::string gName;
std::vector<Buffer> gBuffers(1);  // id 0 is never handed out
std::vector<uint32_t> gFreeIds;
uint64_t gBytesInUse = 0;

// Pinned staging blocks for reads, reused by size; workers never touch this.
std::multimap<size_t, void*> gStagingCache;
size_t gStagingCached = 0;
constexpr size_t kStagingCacheLimit = size_t{256} << 20;

std::string gib(uint64_t bytes) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2f GiB", static_cast<double>(bytes) / (1024.0 * 1024.0 * 1024.0));
  return buf;
}

void requireInit() {
  if (gMode == Mode::kNone) throw DeviceError("the cuda backend's device is not initialised");
}

[[noreturn]] void outOfMemory(size_t bytes, const char* kernel) {
  const MemoryStats m = memory();
  std::string msg = "out of memory on " + gName + ": " + kernel + " asked for " + gib(bytes) + " (" +
                    std::to_string(bytes) + " bytes)";
  if (gMode == Mode::kCuda)
    msg += "; " + gib(m.freeBytes) + " free of " + gib(m.totalBytes) + ", " + gib(m.bytesInUse) +
           " held by tensors";
  throw DeviceError(msg + ". Try a smaller --batch-size (or --image-size).");
}

void* allocHost(size_t bytes) {
  return std::aligned_alloc(64, (bytes + 63) / 64 * 64);
}

void* takeStaging(size_t bytes, size_t* capacity) {
  auto it = gStagingCache.lower_bound(bytes);
  if (it != gStagingCache.end() && it->first <= 2 * bytes + 4096) {
    void* p = it->second;
    *capacity = it->first;
    gStagingCached -= it->first;
    gStagingCache.erase(it);
    return p;
  }
  void* p = nullptr;
  check(cudart::hostAlloc(&p, bytes), "read (pinned staging memory)");
  *capacity = bytes;
  return p;
}

void returnStaging(void* p, size_t capacity) {
  if (gStagingCached + capacity > kStagingCacheLimit) {
    cudart::hostFree(p);
    return;
  }
  gStagingCache.emplace(capacity, p);
  gStagingCached += capacity;
}

}  // namespace

size_t dtypeBytes(DType t) { return t == DType::kBool ? 1 : 4; }

void init(Mode mode, int index) {
  if (gMode != Mode::kNone) {
    if (gMode != mode || (mode == Mode::kCuda && index != gIndex))
      throw DeviceError("the cuda backend's device is already initialised as " + gName);
    return;
  }
  if (mode == Mode::kHost) {
    gName = "the host reference device";
  } else if (mode == Mode::kCuda) {
    const int err = cudart::initDevice(index, &gStream, &gName);
    if (err) throw DeviceError("cannot initialise CUDA device " + std::to_string(index) + ": " + cudaErrorText(err));
  } else {
    throw DeviceError("unknown device mode");
  }
  gMode = mode;
  gIndex = index;
}

Mode mode() { return gMode; }
bool onHost() { return gMode == Mode::kHost; }
void* stream() { return gStream; }
std::string name() { return gName; }

void check(int err, const char* kernel) {
  if (err == 0) return;
  throw DeviceError(std::string("CUDA error ") + cudaErrorText(err) + " in " + kernel);
}

uint32_t alloc(size_t bytes, const char* kernel) {
  requireInit();
  Buffer b{nullptr, bytes, true};
  if (bytes > 0) {
    if (gMode == Mode::kHost) {
      b.ptr = allocHost(bytes);
      if (!b.ptr) outOfMemory(bytes, kernel);
    } else {
      int err = cudart::mallocAsync(&b.ptr, bytes, gStream);
      if (cudart::isOutOfMemory(err)) {
        check(cudart::trimPool(gStream), kernel);
        err = cudart::mallocAsync(&b.ptr, bytes, gStream);
      }
      if (cudart::isOutOfMemory(err)) outOfMemory(bytes, kernel);
      check(err, kernel);
    }
  }
  uint32_t id;
  if (!gFreeIds.empty()) {
    id = gFreeIds.back();
    gFreeIds.pop_back();
    gBuffers[id] = b;
  } else {
    id = static_cast<uint32_t>(gBuffers.size());
    gBuffers.push_back(b);
  }
  gBytesInUse += bytes;
  return id;
}

const Buffer& buffer(uint32_t id, const char* what) {
  if (id == 0 || id >= gBuffers.size() || !gBuffers[id].live)
    throw DeviceError(std::string("no device buffer ") + std::to_string(id) + " for " + what +
                      " (already disposed?)");
  return gBuffers[id];
}

void release(uint32_t id) {
  Buffer& b = const_cast<Buffer&>(buffer(id, "release"));
  if (b.ptr) {
    if (gMode == Mode::kHost)
      std::free(b.ptr);
    else
      check(cudart::freeAsync(b.ptr, gStream), "dispose");
  }
  gBytesInUse -= b.bytes;
  b = Buffer{};
  gFreeIds.push_back(id);
}

void upload(uint32_t id, const void* src, size_t bytes) {
  void* dst = data<uint8_t>(id, static_cast<int64_t>(bytes), "write");
  if (bytes == 0) return;
  if (gMode == Mode::kHost)
    std::memcpy(dst, src, bytes);
  else
    check(cudart::uploadAsync(dst, src, bytes, gStream), "write");
}

void copy(uint32_t dstId, uint32_t srcId, size_t bytes) {
  void* dst = data<uint8_t>(dstId, static_cast<int64_t>(bytes), "copy destination");
  const void* src = data<uint8_t>(srcId, static_cast<int64_t>(bytes), "copy source");
  if (bytes == 0) return;
  if (gMode == Mode::kHost)
    std::memmove(dst, src, bytes);
  else
    check(cudart::copyAsync(dst, src, bytes, gStream), "copy");
}

void fill(uint32_t id, const void* value, size_t valueBytes, size_t count) {
  if (valueBytes != 1 && valueBytes != 4 && valueBytes != 8) throw DeviceError("fill: value of 1, 4 or 8 bytes");
  uint8_t* dst = data<uint8_t>(id, static_cast<int64_t>(valueBytes * count), "fill");
  if (count == 0) return;
  if (gMode == Mode::kHost) {
    for (size_t i = 0; i < count; ++i) std::memcpy(dst + i * valueBytes, value, valueBytes);
  } else {
    check(cudart::fillAsync(dst, value, valueBytes, count, gStream), "fill");
  }
}

void download(uint32_t id, void* dst, size_t bytes) {
  const void* src = data<uint8_t>(id, static_cast<int64_t>(bytes), "read");
  if (bytes == 0) return;
  if (gMode == Mode::kHost)
    std::memcpy(dst, src, bytes);
  else
    check(cudart::downloadSync(dst, src, bytes, gStream), "readSync");
}

PendingRead* startRead(uint32_t id, size_t bytes) {
  const void* src = data<uint8_t>(id, static_cast<int64_t>(bytes), "read");
  auto* r = new PendingRead();
  r->bytes = bytes;
  if (bytes == 0) return r;
  if (gMode == Mode::kHost) {
    r->staging = std::malloc(bytes);
    r->capacity = bytes;
    if (!r->staging) {
      delete r;
      outOfMemory(bytes, "read (host staging)");
    }
    std::memcpy(r->staging, src, bytes);
    return r;
  }
  try {
    r->staging = takeStaging(bytes, &r->capacity);
    check(cudart::downloadAsync(r->staging, src, bytes, gStream, &r->event), "read");
  } catch (...) {
    if (r->staging) returnStaging(r->staging, r->capacity);
    delete r;
    throw;
  }
  return r;
}

void waitRead(PendingRead* r) {
  if (r->event) check(cudart::eventWait(r->event), "read");
}

void finishRead(PendingRead* r, void* dst) {
  if (dst && r->staging) std::memcpy(dst, r->staging, r->bytes);
  if (r->event) cudart::eventDestroy(r->event);
  if (r->staging) {
    if (gMode == Mode::kHost)
      std::free(r->staging);
    else
      returnStaging(r->staging, r->capacity);
  }
  delete r;
}

void synchronize() {
  if (gMode == Mode::kCuda) check(cudart::streamSync(gStream), "synchronize");
}

MemoryStats memory() {
  MemoryStats m;
  m.bytesInUse = gBytesInUse;
  m.buffers = gBuffers.size() - 1 - gFreeIds.size();
  if (gMode == Mode::kCuda) {
    size_t freeB = 0, totalB = 0;
    if (cudart::memGetInfo(&freeB, &totalB) == 0) {
      m.freeBytes = freeB;
      m.totalBytes = totalB;
    }
    cudart::poolReservedBytes(gIndex, &m.poolBytes);
  } else {
    m.poolBytes = gBytesInUse;
  }
  return m;
}

}  // namespace device
}  // namespace simsiam
