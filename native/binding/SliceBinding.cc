// Slice, StridedSlice and the strided copies behind Concat, Unpack, SplitV
// (kernels/Slice.h; the strided copy of kernels/Movement.h, Slice.{cc,cu}):
//   slice(x, y, shape)                    host Float32Arrays; shape: rank, dims, begin, size
//   device.slice(x, y, elemBytes, shape)  buffer ids, elements of elemBytes (DeviceArgs.h)
//     shape: rank, dims, begin, size, strides (y[i] = x[begin + i * strides]; strides may be negative)
//   device.stridedCopy(x, y, elemBytes, shape, xOffset, yOffset)
//     shape: rank, size, xStride, yStride
#include <napi.h>

#include <string>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Movement.h"
#include "kernels/Slice.h"

namespace simsiam {
namespace {

Napi::Value Slice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3) throw Napi::TypeError::New(env, "native: slice(x, y, shape)");
  const ShapeArg arg = shapeArg(info[2], 3);
  SliceShape s{arg.rank, {}, {}, {}};
  const int64_t n = dimsField(env, arg, 0, s.dims);
  copyField(env, arg, 1, s.begin);
  const int64_t outSize = dimsField(env, arg, 2, s.size);
  for (int d = 0; d < s.rank; ++d)
    if (s.begin[d] + s.size[d] > s.dims[d]) rangeError(env, "slice: out of bounds");
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[1], "y", static_cast<size_t>(outSize));
  guarded(env, "slice", [&] { sliceCpu(s, x, y); });
  return env.Undefined();
}

// Runs a strided copy after checking that every offset it touches lies in
// [0, xCount) and [0, yCount).
void runStridedCopy(Napi::Env env, const StridedCopy& c, size_t e, const Napi::Value& xv, const Napi::Value& yv,
                    const char* kernel) {
  int64_t n = 1, xLo = c.xOffset, xHi = c.xOffset, yLo = c.yOffset, yHi = c.yOffset;
  for (int d = 0; d < c.rank; ++d) {
    n = mulSize(env, n, c.size[d]);
    if (c.size[d] == 0) continue;
    const int64_t dx = (c.size[d] - 1) * c.xStride[d], dy = (c.size[d] - 1) * c.yStride[d];
    (dx < 0 ? xLo : xHi) += dx;
    (dy < 0 ? yLo : yHi) += dy;
  }
  if (n == 0) return;
  if (xLo < 0 || yLo < 0 || xHi >= kMaxElements || yHi >= kMaxElements)
    rangeError(env, std::string(kernel) + ": out of bounds");
  deviceGuarded(env, kernel, [&] {
    const void* x = bytesData(xv, "x", xHi + 1, e);
    void* y = bytesData(yv, "y", yHi + 1, e);
    device::launch(
        kernel, [&] { stridedCopyCpu(c, e, x, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(stridedCopyCuda(c, e, x, y, s)); });
  });
}

Napi::Value DeviceSlice(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  const ShapeArg arg = shapeArg(info[3], 4);
  SliceShape s{arg.rank, {}, {}, {}};
  int64_t strides[kMaxRank];
  dimsField(env, arg, 0, s.dims);
  copyField(env, arg, 1, s.begin);
  dimsField(env, arg, 2, s.size);
  for (int d = 0; d < s.rank; ++d) {
    strides[d] = arg.field[3][d];
    if (s.size[d] == 0) continue;
    const int64_t lastIndex = s.begin[d] + (s.size[d] - 1) * strides[d];
    if (s.begin[d] < 0 || s.begin[d] >= s.dims[d] || lastIndex < 0 || lastIndex >= s.dims[d]) rangeError(env, "slice: out of bounds");
  }
  runStridedCopy(env, sliceCopy(s, strides), e, info[0], info[1], "slice");
  return env.Undefined();
}

Napi::Value DeviceStridedCopy(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  const ShapeArg arg = shapeArg(info[3], 3);
  StridedCopy c;
  c.rank = arg.rank;
  dimsField(env, arg, 0, c.size);
  copyField(env, arg, 1, c.xStride);
  copyField(env, arg, 2, c.yStride);
  c.xOffset = intArg(info[4], "xOffset", 0, kMaxElements);
  c.yOffset = intArg(info[5], "yOffset", 0, kMaxElements);
  runStridedCopy(env, c, e, info[0], info[1], "stridedCopy");
  return env.Undefined();
}

}  // namespace

void initSliceBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "slice", Slice);
  setDeviceFunction(env, exports, "slice", DeviceSlice);
  setDeviceFunction(env, exports, "stridedCopy", DeviceStridedCopy);
}

}  // namespace simsiam
