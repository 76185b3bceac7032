// The device under the `cuda` tfjs backend (src/backend/cuda/): a CUDA GPU,
// or the host reference device, where buffers are host memory and every
// kernel runs its C++ CPU reference, so CI exercises the whole backend without
// a GPU. Buffers are addressed by small integer ids rather than raw pointers
// so every launch can check that its buffers exist and are large enough: a
// misuse of the binding throws instead of corrupting memory.
//
// The device is used from the JS thread only; read workers wait on events and
// never touch the buffer table.
#pragma once
#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>

namespace simsiam {
namespace device {

enum class Mode { kNone, kCuda, kHost };

// What the kernels and `write`/`read` store: float32, int32, bool as uint8.
enum class DType : int { kFloat32 = 0, kInt32 = 1, kBool = 2, kCount };
size_t dtypeBytes(DType t);

// Any device failure: the message names the kernel and the CUDA error.
class DeviceError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Buffer {
  void* ptr = nullptr;
  size_t bytes = 0;
  bool live = false;
};

// Selects the device once per process (a second call must ask for the same).
// Mode kCuda: `index` is the CUDA device. Throws DeviceError.
void init(Mode mode, int index);
Mode mode();
bool onHost();
// The cudaStream_t every launch uses (nullptr on the host device).
void* stream();
std::string name();

// Stream-ordered allocation from the pool; `kernel` names the caller in the
// out-of-memory message. Zero bytes gives a buffer with a null pointer.
uint32_t alloc(size_t bytes, const char* kernel);
void release(uint32_t id);
const Buffer& buffer(uint32_t id, const char* what);

// The buffer's memory as T*, checked to hold `count` values.
template <typename T>
T* data(uint32_t id, int64_t count, const char* what) {
  const Buffer& b = buffer(id, what);
  if (count < 0 || static_cast<size_t>(count) * sizeof(T) > b.bytes)
    throw DeviceError(std::string("device buffer for ") + what + " is too small");
  return static_cast<T*>(b.ptr);
}

// Temporary device memory for one binding call, released when it goes out of
// scope: stream-ordered, so releasing right after enqueueing the launch is
// safe. A failed free is swallowed (a destructor must not throw; the stream's
// sticky error surfaces at the next check). Zero bytes allocate nothing.
class Scratch {
 public:
  Scratch(size_t bytes, const char* kernel) : id_(bytes ? alloc(bytes, kernel) : 0) {}
  ~Scratch() {
    try {
      if (id_) release(id_);
    } catch (...) {
    }
  }
  Scratch(const Scratch&) = delete;
  Scratch& operator=(const Scratch&) = delete;
  uint32_t id() const { return id_; }
  // Checked to hold `count` values.
  template <typename T>
  T* data(int64_t count) const {
    if (id_ == 0 && count <= 0) return nullptr;
    return device::data<T>(id_, count, "workspace");
  }
  // The memory, or null for zero bytes.
  template <typename T>
  T* ptr() const { return id_ ? static_cast<T*>(buffer(id_, "workspace").ptr) : nullptr; }

 private:
  uint32_t id_;
};

void upload(uint32_t id, const void* src, size_t bytes);
void copy(uint32_t dst, uint32_t src, size_t bytes);
void fill(uint32_t id, const void* value, size_t valueBytes, size_t count);
void download(uint32_t id, void* dst, size_t bytes);  // waits for the stream

// An asynchronous read: start() enqueues the copy into host staging memory on
// the JS thread (ordered before later launches and frees), wait() blocks a
// worker thread until it lands, finish() copies it out on the JS thread.
struct PendingRead;
PendingRead* startRead(uint32_t id, size_t bytes);
void waitRead(PendingRead* r);  // throws DeviceError; safe off the JS thread
void finishRead(PendingRead* r, void* dst);  // also frees r; dst may be null
void synchronize();

struct MemoryStats {
  uint64_t bytesInUse = 0, buffers = 0, poolBytes = 0, freeBytes = 0, totalBytes = 0;
};
MemoryStats memory();

// Throws DeviceError("CUDA error <name>: <text> in <kernel>") for err != 0.
void check(int err, const char* kernel);

// Runs a kernel on the current device: `host()` on the host device, else
// `cuda(stream)` (a launcher returning a cudaError_t as int).
template <typename Host, typename Cuda>
void launch(const char* kernel, Host&& host, Cuda&& cuda) {
  if (onHost())
    host();
  else
    check(cuda(stream()), kernel);
}

}  // namespace device
}  // namespace simsiam

// In a launcher lambda: the CUDA call, or "not compiled" in a CPU-only build
// (where the device can only be the host one, so it is never reached).
#if SIMSIAM_WITH_CUDA
#define SIMSIAM_CUDA_ONLY(...) (__VA_ARGS__)
#else
#define SIMSIAM_CUDA_ONLY(...) (-1)
#endif
