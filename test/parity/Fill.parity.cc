// cudart::fillAsync (device/CudaRuntime.cu): the 1-byte pattern (a memset),
// the 4- and 8-byte fill kernels at odd counts and past the launcher's cap of
// 65535 blocks (each thread then fills more than one element), against the
// host loop of device::fill. Bit for bit.
#include <cstring>

#include "Parity.h"
#include "ParityUtil.h"
#include "device/CudaRuntime.h"

using parity::DeviceBuffer;

namespace {

// Fills the middle of a buffer (a guard unit either side stays untouched).
template <typename T>
void fillCase(parity::Context& ctx, T pattern, size_t count) {
  std::vector<T> want(count + 2, pattern);
  std::memset(&want.front(), 0xFF, sizeof(T));
  std::memset(&want.back(), 0xFF, sizeof(T));
  DeviceBuffer<T> y(count + 2);
  ctx.launched(simsiam::cudart::fillAsync(y.get() + 1, &pattern, sizeof(T), count, ctx.stream()), "fillAsync");
  ctx.expectBits("fill", y.download(), want);
}

}  // namespace

PARITY_CASE("Fill/1-byte pattern") {
  for (size_t n : {1, 3, 1031}) fillCase<uint8_t>(ctx, 0x5A, n);
  fillCase<uint8_t>(ctx, 0, 77);
}
PARITY_CASE("Fill/4-byte pattern") {
  for (size_t n : {1, 255, 257, 70001}) fillCase<uint32_t>(ctx, parity::bitsOf(-0.f), n);
  fillCase<uint32_t>(ctx, 0x7fc00001u, 33);  // a NaN payload comes through as bits
}
PARITY_CASE("Fill/8-byte pattern") {
  for (size_t n : {1, 255, 1031}) fillCase<uint64_t>(ctx, 0x0123456789ABCDEFull, n);
}
// Past 65535 blocks of 256 threads some threads fill two elements (~16M
// threads: a slow case on the emulator, run in its plain forward order only).
PARITY_CASE("Fill/4-byte pattern past 65535 blocks") {
  fillCase<uint32_t>(ctx, 0xDEADBEEFu, size_t{65535} * 256 + 1000);
}

PARITY_CASE("Fill/nothing, 2-byte pattern refused") {
  DeviceBuffer<uint32_t> y(4);
  const uint64_t p = 1;
  for (size_t bytes : {1, 4, 8})
    ctx.launched(simsiam::cudart::fillAsync(y, &p, bytes, 0, ctx.stream()), "fill of nothing");
  ctx.expectBits("untouched", y.download(), parity::untouched<uint32_t>(4));
  ctx.refused(simsiam::cudart::fillAsync(y, &p, 2, 4, ctx.stream()), "fill with a 2-byte pattern");
}
