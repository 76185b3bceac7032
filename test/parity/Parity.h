// The parity harness: every CUDA launcher of native/ against its C++ CPU
// reference. The same sources build three ways: by nvcc for a GPU (run there
// under compute-sanitizer), on the CUDA-on-CPU emulator (native/emu/, plain,
// ASan+UBSan, TSan) and with coverage. A case file is
// test/parity/<Op>.parity.cc; each PARITY_CASE registers itself.
//
// A case draws seeded inputs, runs the CPU reference on host vectors and the
// launcher on device buffers (on the harness's non-blocking stream), and
// compares: bit for bit where the kernel promises it (expectBits), else
// within a tolerance documented at the call (expectClose).
#pragma once
#include <cuda_runtime.h>

#include <cmath>
#include <cstdint>
#include <cstring>
#include <functional>
#include <limits>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

namespace parity {

// A failed expectation: the case stops and is reported with this text.
struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// splitmix64-seeded xorshift: the same seed gives the same inputs everywhere.
class Rng {
 public:
  explicit Rng(uint64_t seed) : s_(seed * 0x9E3779B97F4A7C15ull + 0x632BE59BD9B4E019ull) { next(); }
  uint64_t next() {
    uint64_t z = (s_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }
  double uniform(double lo = 0.0, double hi = 1.0) { return lo + (hi - lo) * (next() >> 11) * 0x1.0p-53; }
  int64_t integer(int64_t lo, int64_t hi) { return lo + static_cast<int64_t>(next() % static_cast<uint64_t>(hi - lo + 1)); }
  double normal() {
    const double u = uniform(1e-12, 1.0), v = uniform();
    return std::sqrt(-2.0 * std::log(u)) * std::cos(6.283185307179586 * v);
  }
  std::vector<float> floats(size_t n, double lo = -1.0, double hi = 1.0) {
    std::vector<float> v(n);
    for (auto& x : v) x = static_cast<float>(uniform(lo, hi));
    return v;
  }
  std::vector<int32_t> ints(size_t n, int64_t lo, int64_t hi) {
    std::vector<int32_t> v(n);
    for (auto& x : v) x = static_cast<int32_t>(integer(lo, hi));
    return v;
  }
  // Uniform values with NaN, +-Infinity, -0 and +0 sprinkled in (about 1 in 8).
  std::vector<float> floatsWithSpecials(size_t n, double lo = -1.0, double hi = 1.0) {
    static const float kSpecial[] = {std::numeric_limits<float>::quiet_NaN(), std::numeric_limits<float>::infinity(),
                                     -std::numeric_limits<float>::infinity(), -0.0f, 0.0f};
    std::vector<float> v = floats(n, lo, hi);
    for (auto& x : v)
      if (next() % 8 == 0) x = kSpecial[next() % 5];
    return v;
  }

 private:
  uint64_t s_;
};

void throwIfCuda(cudaError_t e, const char* what);

// A device allocation freed on scope exit; filled with 0xFF bytes when made,
// so an element the kernel should write but does not shows up as a mismatch.
template <typename T>
class DeviceBuffer {
 public:
  explicit DeviceBuffer(size_t n) : n_(n) {
    if (n_) {
      throwIfCuda(cudaMalloc(reinterpret_cast<void**>(&ptr_), n_ * sizeof(T)), "cudaMalloc");
      throwIfCuda(cudaMemset(ptr_, 0xFF, n_ * sizeof(T)), "cudaMemset");
    }
  }
  explicit DeviceBuffer(const std::vector<T>& host) : DeviceBuffer(host.size()) { upload(host); }
  ~DeviceBuffer() {
    if (ptr_) cudaFree(ptr_);
  }
  DeviceBuffer(const DeviceBuffer&) = delete;
  DeviceBuffer& operator=(const DeviceBuffer&) = delete;
  DeviceBuffer(DeviceBuffer&& o) noexcept : ptr_(o.ptr_), n_(o.n_) { o.ptr_ = nullptr; o.n_ = 0; }

  T* get() const { return ptr_; }
  operator T*() const { return ptr_; }
  size_t size() const { return n_; }
  void upload(const std::vector<T>& host) {
    if (host.size() != n_) throw Failure("DeviceBuffer::upload: size mismatch");
    if (n_) throwIfCuda(cudaMemcpy(ptr_, host.data(), n_ * sizeof(T), cudaMemcpyHostToDevice), "upload");
  }
  // Waits for all work (any stream) and copies back.
  std::vector<T> download() const {
    std::vector<T> host(n_);
    throwIfCuda(cudaDeviceSynchronize(), "cudaDeviceSynchronize before download");
    if (n_) throwIfCuda(cudaMemcpy(host.data(), ptr_, n_ * sizeof(T), cudaMemcpyDeviceToHost), "download");
    return host;
  }

 private:
  T* ptr_ = nullptr;
  size_t n_ = 0;
};

// What a case gets: its seeded generator, the stream to launch on, and the
// expectations. Counts what it compared, for the report.
class Context {
 public:
  Context(uint64_t seed, cudaStream_t stream) : rng(seed), stream_(stream) {}
  Rng rng;
  void* stream() const { return stream_; }

  // A launcher's return value (a cudaError_t as int) must be 0; then the
  // stream is synchronised so an execution fault is charged to this launch.
  void launched(int err, const char* what);
  // The launcher must refuse (return non-zero) without touching the device.
  void refused(int err, const char* what);

  template <typename T>
  void expectBits(const char* what, const std::vector<T>& got, const std::vector<T>& want);
  // |got - want| <= atol + rtol * |want| per element; NaN must meet NaN,
  // infinities must match exactly.
  void expectClose(const char* what, const std::vector<float>& got, const std::vector<float>& want, double rtol,
                   double atol);
  void expectTrue(bool ok, const std::string& what);

  uint64_t compared = 0;  // elements compared
  double worst = 0.0;     // largest |got - want| / (atol + rtol |want|) seen by expectClose

 private:
  cudaStream_t stream_;
};

// Floats with every NaN made the same NaN, for comparisons bit for bit in
// all but NaN sign and payload: a GPU's arithmetic returns its canonical NaN
// where x86 passes an operand's on, and tfjs does not tell NaNs apart. -0 vs +0
// still counts.
inline std::vector<float> canonicalNaN(std::vector<float> v) {
  const uint32_t canonical = 0x7fffffffu;
  for (auto& x : v)
    if (x != x) std::memcpy(&x, &canonical, sizeof x);
  return v;
}

std::string describe(float v);
std::string describe(double v);
template <typename T>
std::string describe(T v) {
  return std::to_string(v);
}

template <typename T>
void Context::expectBits(const char* what, const std::vector<T>& got, const std::vector<T>& want) {
  if (got.size() != want.size())
    throw Failure(std::string(what) + ": " + std::to_string(got.size()) + " values, expected " +
                  std::to_string(want.size()));
  for (size_t i = 0; i < got.size(); ++i) {
    if (std::memcmp(&got[i], &want[i], sizeof(T)) != 0)
      throw Failure(std::string(what) + "[" + std::to_string(i) + "] = " + describe(got[i]) + ", CPU reference " +
                    describe(want[i]) + " (bit-exact expected)");
  }
  compared += got.size();
}

using CaseFn = std::function<void(Context&)>;
int registerCase(const char* name, CaseFn fn);

}  // namespace parity

#define PARITY_CONCAT2(a, b) a##b
#define PARITY_CONCAT(a, b) PARITY_CONCAT2(a, b)
// PARITY_CASE("Family/case name") { ... ctx ... }
#define PARITY_CASE(name)                                                                     \
  static void PARITY_CONCAT(parityCase_, __LINE__)(::parity::Context & ctx);                  \
  static const int PARITY_CONCAT(parityReg_, __LINE__) =                                      \
      ::parity::registerCase(name, PARITY_CONCAT(parityCase_, __LINE__));                     \
  static void PARITY_CONCAT(parityCase_, __LINE__)(::parity::Context & ctx)
