// The device layer (device/Device.cc) in CUDA mode: buffers, copies, fills
// (CudaRuntime.cu's fillKernel), asynchronous reads waited on from another
// thread, memory statistics and the out-of-memory path (pool trim + retry).
// Every case uses the one process-wide device (CUDA device 0).
#include <cstring>
#include <thread>

#include "Parity.h"
#include "device/Device.h"

namespace dev = simsiam::device;

namespace {

void init() { dev::init(dev::Mode::kCuda, 0); }

// fn must throw a DeviceError whose message contains `part`.
template <typename Fn>
void expectError(parity::Context& ctx, Fn&& fn, const std::string& part) {
  try {
    fn();
  } catch (const dev::DeviceError& e) {
    ctx.expectTrue(std::string(e.what()).find(part) != std::string::npos,
                   "DeviceError '" + std::string(e.what()) + "' does not mention '" + part + "'");
    cudaGetLastError();  // a refused runtime call may leave a (non-sticky) error
    return;
  }
  throw parity::Failure("no DeviceError (expected one mentioning '" + part + "')");
}

std::vector<uint8_t> bytes(parity::Context& ctx, size_t n) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = static_cast<uint8_t>(ctx.rng.next());
  return v;
}

std::vector<uint8_t> download(uint32_t id, size_t n) {
  std::vector<uint8_t> v(n);
  dev::download(id, v.data(), n);
  return v;
}

}  // namespace

// Sorted first of the device cases, so it sees the device uninitialised.
PARITY_CASE("Device/(first) init once, then only the same device") {
  if (dev::mode() == dev::Mode::kNone) {
    expectError(ctx, [] { dev::alloc(4, "early"); }, "not initialised");
    expectError(ctx, [] { dev::init(dev::Mode::kNone, 0); }, "unknown device mode");
    expectError(ctx, [] { dev::init(dev::Mode::kCuda, 9999); }, "cannot initialise CUDA device 9999");
    ctx.expectTrue(dev::mode() == dev::Mode::kNone, "a failed init left a mode behind");
  }
  init();
  init();  // a second call for the same device is a no-op
  ctx.expectTrue(dev::mode() == dev::Mode::kCuda && !dev::onHost(), "mode is CUDA");
  ctx.expectTrue(dev::stream() != nullptr, "a stream of its own");
  ctx.expectTrue(!dev::name().empty(), "a device name");
  expectError(ctx, [] { dev::init(dev::Mode::kCuda, 1); }, "already initialised");
  expectError(ctx, [] { dev::init(dev::Mode::kHost, 0); }, "already initialised");
  ctx.expectTrue(dev::dtypeBytes(dev::DType::kBool) == 1 && dev::dtypeBytes(dev::DType::kFloat32) == 4 &&
                     dev::dtypeBytes(dev::DType::kInt32) == 4,
                 "dtype sizes");
}

PARITY_CASE("Device/alloc, upload, copy, download, release") {
  init();
  const std::vector<uint8_t> a = bytes(ctx, 1001), b = bytes(ctx, 1001);
  const uint32_t x = dev::alloc(a.size(), "x"), y = dev::alloc(b.size(), "y"), empty = dev::alloc(0, "empty");
  ctx.expectTrue(dev::buffer(empty, "empty").ptr == nullptr && dev::buffer(empty, "empty").bytes == 0,
                 "zero bytes give a null buffer");
  dev::upload(x, a.data(), a.size());
  dev::upload(y, b.data(), b.size());
  ctx.expectBits("x", download(x, a.size()), a);
  // A partial copy: the first 517 bytes of x over y.
  dev::copy(y, x, 517);
  std::vector<uint8_t> want = b;
  std::memcpy(want.data(), a.data(), 517);
  ctx.expectBits("y after copy", download(y, b.size()), want);
  // Zero bytes: nothing moves, on empty buffers too.
  dev::upload(empty, nullptr, 0);
  dev::copy(empty, empty, 0);
  dev::download(empty, nullptr, 0);
  ctx.expectBits("y after empty copies", download(y, b.size()), want);
  // Too large, or a buffer that is not there.
  expectError(ctx, [&] { dev::upload(x, a.data(), a.size() + 1); }, "too small");
  expectError(ctx, [&] { dev::copy(x, y, 1002); }, "too small");
  expectError(ctx, [&] { dev::data<float>(x, 251, "floats"); }, "too small");
  expectError(ctx, [&] { dev::data<float>(x, -1, "floats"); }, "too small");
  ctx.expectTrue(dev::data<float>(x, 250, "floats") == dev::buffer(x, "x").ptr, "data<float>(250) of 1001 bytes");
  expectError(ctx, [] { dev::buffer(0, "id 0"); }, "no device buffer 0");
  dev::release(x);
  expectError(ctx, [&] { dev::upload(x, a.data(), 1); }, "already disposed");
  expectError(ctx, [&] { dev::release(x); }, "already disposed");
  // A released id is handed out again.
  const uint32_t again = dev::alloc(8, "again");
  ctx.expectTrue(again == x, "the released id is reused");
  for (uint32_t id : {again, y, empty}) dev::release(id);
  expectError(ctx, [] { dev::buffer(1u << 30, "far"); }, "no device buffer");
  dev::synchronize();
}

// Scratch: stream-ordered temporary memory, none for zero bytes.
PARITY_CASE("Device/scratch and launch") {
  init();
  const uint64_t before = dev::memory().buffers;
  {
    dev::Scratch none(0, "none"), some(64, "some");
    ctx.expectTrue(none.id() == 0 && none.ptr<float>() == nullptr && none.data<float>(0) == nullptr, "no scratch");
    ctx.expectTrue(some.ptr<float>() == some.data<float>(16), "16 floats of scratch");
    expectError(ctx, [&] { some.data<float>(17); }, "too small");
    ctx.expectTrue(dev::memory().buffers == before + 1, "one scratch buffer live");
  }
  ctx.expectTrue(dev::memory().buffers == before, "scratch released");
  bool hostRan = false;
  dev::launch("ok", [&] { hostRan = true; }, [](void* s) { return s ? 0 : 1; });
  ctx.expectTrue(!hostRan, "the CUDA side runs on the CUDA device");
  expectError(ctx, [] { dev::launch("failing", [] {}, [](void*) { return static_cast<int>(cudaErrorInvalidValue); }); },
              "cudaErrorInvalidValue");
  expectError(ctx, [] { dev::check(static_cast<int>(cudaErrorMemoryAllocation), "named kernel"); }, "in named kernel");
}

namespace {

template <typename T>
void fillCase(parity::Context& ctx, T value, size_t count, size_t capacity) {
  const uint32_t id = dev::alloc(capacity * sizeof(T), "fill");
  std::vector<uint8_t> want(capacity * sizeof(T), 0x5A);
  dev::upload(id, want.data(), want.size());
  for (size_t i = 0; i < count; ++i) std::memcpy(want.data() + i * sizeof(T), &value, sizeof(T));
  dev::fill(id, &value, sizeof(T), count);
  ctx.expectBits("filled", download(id, want.size()), want);
  dev::release(id);
}

}  // namespace

// Patterns of 1 (a memset), 4 and 8 bytes (fillKernel<uint32_t / uint64_t>),
// short of the buffer's end so overruns show.
PARITY_CASE("Device/fill 1, 4 and 8-byte patterns") {
  init();
  fillCase<uint8_t>(ctx, 0xA7, 999, 1003);
  fillCase<uint32_t>(ctx, 0xDEADBEEFu, 1001, 1003);
  fillCase<uint64_t>(ctx, 0x0123456789ABCDEFull, 257, 260);
  fillCase<uint32_t>(ctx, 0u, 0, 3);  // count 0: nothing written
  const uint32_t id = dev::alloc(16, "fill");
  const uint16_t two = 1;
  expectError(ctx, [&] { dev::fill(id, &two, 2, 8); }, "1, 4 or 8 bytes");
  const uint32_t four = 1;
  expectError(ctx, [&] { dev::fill(id, &four, 4, 5); }, "too small");
  dev::release(id);
}
// More elements than the 65535 x 256 threads: the grid-stride loop goes
// round. ~16M threads, seconds on the emulator, so GPU only (as Fill/; the
// loop's line runs in every fill above).
#ifndef SIMSIAM_CUDA_EMU
PARITY_CASE("Device/fill past the grid (65535*256 + 5 values)") {
  init();
  fillCase<uint32_t>(ctx, 0x3F800000u, size_t{65535} * 256 + 5, size_t{65535} * 256 + 7);
}
#endif

// startRead on this thread, waitRead on another (as the JS read workers do),
// finishRead back here; staging memory is reused by size.
PARITY_CASE("Device/asynchronous reads waited on from another thread") {
  init();
  const std::vector<uint8_t> a = bytes(ctx, 4099);
  const uint32_t id = dev::alloc(a.size(), "read");
  dev::upload(id, a.data(), a.size());
  for (int round = 0; round < 3; ++round) {  // rounds 2 and 3 reuse the staging block
    dev::PendingRead* r = dev::startRead(id, a.size());
    std::string error;
    std::thread worker([&] {
      try {
        dev::waitRead(r);
      } catch (const std::exception& e) {
        error = e.what();
      }
    });
    worker.join();
    ctx.expectTrue(error.empty(), "waitRead: " + error);
    std::vector<uint8_t> got(a.size());
    dev::finishRead(r, got.data());
    ctx.expectBits("read", got, a);
  }
  // A smaller read of the same buffer (staging within 2x + 4 KiB is reused),
  // a read whose result is dropped, and an empty read.
  dev::PendingRead* small = dev::startRead(id, 100);
  dev::waitRead(small);
  std::vector<uint8_t> got(100);
  dev::finishRead(small, got.data());
  ctx.expectBits("small read", got, std::vector<uint8_t>(a.begin(), a.begin() + 100));
  dev::PendingRead* dropped = dev::startRead(id, a.size());
  dev::waitRead(dropped);
  dev::finishRead(dropped, nullptr);
  dev::PendingRead* none = dev::startRead(id, 0);
  dev::waitRead(none);
  dev::finishRead(none, nullptr);
  expectError(ctx, [&] { dev::startRead(id, a.size() + 1); }, "too small");
  dev::release(id);
}
// Three 96 MiB reads in flight at once: each needs its own staging block, and
// the third one returned would take the cache past 256 MiB, so it is freed.
PARITY_CASE("Device/reads past the staging cache limit") {
  init();
  const size_t n = size_t{96} << 20;
  const uint32_t id = dev::alloc(n, "big read");
  const uint8_t value = 0xC3;
  dev::fill(id, &value, 1, n);
  std::vector<dev::PendingRead*> reads;
  for (int i = 0; i < 3; ++i) reads.push_back(dev::startRead(id, n));
  std::vector<uint8_t> got(n);
  for (dev::PendingRead* r : reads) {
    dev::waitRead(r);
    std::fill(got.begin(), got.end(), 0);
    dev::finishRead(r, got.data());
    ctx.expectTrue(got.front() == value && got[n / 2] == value && got.back() == value, "big read values");
  }
  dev::release(id);
}

PARITY_CASE("Device/memory statistics") {
  init();
  const dev::MemoryStats m0 = dev::memory();
  const uint32_t a = dev::alloc(1 << 20, "stats"), b = dev::alloc(12345, "stats");
  const dev::MemoryStats m1 = dev::memory();
  ctx.expectTrue(m1.bytesInUse == m0.bytesInUse + (1 << 20) + 12345, "bytes in use");
  ctx.expectTrue(m1.buffers == m0.buffers + 2, "live buffers");
  ctx.expectTrue(m1.totalBytes > 0 && m1.freeBytes <= m1.totalBytes, "free <= total");
  ctx.expectTrue(m1.poolBytes >= (1 << 20) + 12345, "the pool holds at least the live buffers");
  dev::release(a);
  dev::release(b);
  const dev::MemoryStats m2 = dev::memory();
  ctx.expectTrue(m2.bytesInUse == m0.bytesInUse && m2.buffers == m0.buffers, "released");
}

// An allocation the device cannot hold fails after a pool trim with a
// message naming the kernel and the sizes; one that only the memory the pool
// kept from freed buffers blocks succeeds after the trim. Sizes relative to
// the device's memory (on the emulator SIMSIAM_EMU_MEMORY, default 8 GiB).
PARITY_CASE("Device/out of memory: trim, retry, then the error") {
  init();
  dev::synchronize();
  const dev::MemoryStats m = dev::memory();
  expectError(ctx, [&] { dev::alloc(m.totalBytes + (size_t{1} << 30), "HugeKernel"); }, "out of memory");
  expectError(ctx, [&] { dev::alloc(m.totalBytes + (size_t{1} << 30), "HugeKernel"); }, "HugeKernel asked for");
  expectError(ctx, [&] { dev::alloc(m.totalBytes + (size_t{1} << 30), "HugeKernel"); }, "Try a smaller --batch-size");
#ifndef SIMSIAM_CUDA_EMU
  // GPU only: the emulator's pool gives its cache back before it fails (so
  // the retry is reached above), and this would fill GiBs of host memory.
  const size_t first = m.freeBytes / 10 * 6, second = m.freeBytes / 10 * 7;
  const uint32_t a = dev::alloc(first, "first");
  dev::release(a);  // kept by the pool (release threshold: everything)
  const uint32_t b = dev::alloc(second, "second");  // fails at first, fits after the trim
  ctx.expectTrue(dev::buffer(b, "second").bytes == second, "the retried allocation");
  dev::release(b);
#endif
  dev::synchronize();
}
