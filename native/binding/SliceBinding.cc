// native.device data-movement, cast and comparison kernels. Movement kernels
// take an element size (elemBytes: 1 for bool, 4 for float32 / int32), so
// every dtype runs natively; `type` is an ElementType code (0 float32,
// 1 int32, 2 bool). `shape` is SHAPE_ARGS (src/kernels/cpu/shape_args.ts):
//   slice(x, y, elemBytes, shape)        shape: rank, dims, begin, size, strides
//                                        (y[i] = x[begin + i * strides]; strides may be negative)
//   stridedCopy(x, y, elemBytes, shape, xOffset, yOffset)
//                                        shape: rank, size, xStride, yStride (Concat, Unpack, SplitV)
//   padV2(x, y, elemBytes, shape, value) shape: rank, dims, before, after; value: a typed array
//                                        holding the constant as one element of the dtype
//   tile(x, y, elemBytes, shape)         shape: rank, dims, reps
//   transpose(x, y, elemBytes, shape)    shape: rank, dims, perm
//   cast(from, to, x, y, n)              from != to
//   compare(op, type, a, b, y, shape)    shape: rank, out, a, b; y bool (ops: MovementOps.h)
//   logicalNot(x, y, n)
//   select(condition, t, e, y, n, elemBytes)
//   addN(type, xs, y, n)                 xs: an array of buffer ids; type float32 or int32
//   clipByValue(x, y, n, min, max)       float32
#include <napi.h>

#include <algorithm>
#include <string>
#include <vector>

#include "binding/Bindings.h"
#include "binding/ShapeArgs.h"
#include "binding/device/DeviceArgs.h"
#include "kernels/Cast.h"
#include "kernels/Compare.h"
#include "kernels/Movement.h"
#include "kernels/PadV2.h"
#include "kernels/Select.h"
#include "kernels/Slice.h"
#include "kernels/Tile.h"
#include "kernels/Transpose.h"

namespace simsiam {
namespace {

size_t elemBytesArg(const Napi::Value& v) {
  const int64_t e = intArg(v, "elemBytes", 1, 8);
  if (e != 1 && e != 2 && e != 4 && e != 8) rangeError(v.Env(), "elemBytes must be 1, 2, 4 or 8");
  return static_cast<size_t>(e);
}

ElementType typeArg(const Napi::Value& v, const char* name) {
  return static_cast<ElementType>(intArg(v, name, 0, static_cast<int64_t>(ElementType::kCount) - 1));
}

// The buffer `v` names, holding at least `count` elements of elemBytes.
void* bytesData(const Napi::Value& v, const char* name, int64_t count, size_t elemBytes) {
  return deviceData<unsigned char>(v, name, count * static_cast<int64_t>(elemBytes));
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

Napi::Value Slice(const Napi::CallbackInfo& info) {
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

Napi::Value StridedCopyFn(const Napi::CallbackInfo& info) {
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

Napi::Value PadV2(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  int64_t n = 0, outSize = 0;
  const PadShape s = padArg(env, info[3], &n, &outSize);
  if (!info[4].IsTypedArray() || info[4].As<Napi::TypedArray>().ByteLength() < e)
    throw Napi::TypeError::New(env, "native: padV2 expects the constant as a typed array of one element");
  Napi::TypedArray va = info[4].As<Napi::TypedArray>();
  unsigned char value[8];
  std::copy_n(static_cast<const unsigned char*>(va.ArrayBuffer().Data()) + va.ByteOffset(), e, value);
  if (outSize == 0) return env.Undefined();
  deviceGuarded(env, "padV2", [&] {
    const void* x = bytesData(info[0], "x", n, e);
    void* y = bytesData(info[1], "y", outSize, e);
    device::launch(
        "padV2", [&] { padCpu(s, e, x, value, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(padCuda(s, e, x, value, y, st)); });
  });
  return env.Undefined();
}

Napi::Value Tile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  int64_t n = 0, outSize = 0;
  const TileShape s = tileArg(env, info[3], &n, &outSize);
  if (outSize == 0) return env.Undefined();
  deviceGuarded(env, "tile", [&] {
    const void* x = bytesData(info[0], "x", n, e);
    void* y = bytesData(info[1], "y", outSize, e);
    device::launch(
        "tile", [&] { tileCpu(s, e, x, y); }, [&](void* st) { return SIMSIAM_CUDA_ONLY(tileCuda(s, e, x, y, st)); });
  });
  return env.Undefined();
}

Napi::Value Transpose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  const ShapeArg arg = shapeArg(info[3], 2);
  TransposeShape s{arg.rank, {}, {}};
  const int64_t n = dimsField(env, arg, 0, s.dims);
  bool seen[kMaxRank] = {};
  for (int d = 0; d < s.rank; ++d) {
    const int p = arg.field[1][d];
    if (p < 0 || p >= s.rank || seen[p]) rangeError(env, "transpose: perm is not a permutation");
    seen[p] = true;
    s.perm[d] = p;
  }
  if (n == 0) return env.Undefined();
  deviceGuarded(env, "transpose", [&] {
    const void* x = bytesData(info[0], "x", n, e);
    void* y = bytesData(info[1], "y", n, e);
    device::launch(
        "transpose", [&] { transposeCpu(s, e, x, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(transposeCuda(s, e, x, y, st)); });
  });
  return env.Undefined();
}

Napi::Value Cast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ElementType from = typeArg(info[0], "from"), to = typeArg(info[1], "to");
  if (!castSupported(from, to)) rangeError(env, "cast: unsupported dtype pair");
  const int64_t n = intArg(info[4], "n", 0, kMaxElements);
  deviceGuarded(env, "cast", [&] {
    const void* x = bytesData(info[2], "x", n, elementBytes(from));
    void* y = bytesData(info[3], "y", n, elementBytes(to));
    device::launch(
        "cast", [&] { castCpu(from, to, x, y, n); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(castCuda(from, to, x, y, n, st)); });
  });
  return env.Undefined();
}

Napi::Value Compare(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const CompareOp op = opArg<CompareOp>(info[0]);
  const ElementType type = typeArg(info[1], "type");
  const BroadcastArg arg = broadcastArg(env, info[5]);
  const size_t e = elementBytes(type);
  deviceGuarded(env, "compare", [&] {
    const void* a = bytesData(info[2], "a", arg.na, e);
    const void* b = bytesData(info[3], "b", arg.nb, e);
    uint8_t* y = deviceData<uint8_t>(info[4], "y", arg.n);
    device::launch(
        "compare", [&] { compareCpu(op, type, arg.s, a, b, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(compareCuda(op, type, arg.s, a, b, y, st)); });
  });
  return env.Undefined();
}

Napi::Value LogicalNot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[2], "n", 0, kMaxElements);
  deviceGuarded(env, "logicalNot", [&] {
    const uint8_t* x = deviceData<uint8_t>(info[0], "x", n);
    uint8_t* y = deviceData<uint8_t>(info[1], "y", n);
    device::launch(
        "logicalNot", [&] { logicalNotCpu(x, y, n); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(logicalNotCuda(x, y, n, st)); });
  });
  return env.Undefined();
}

Napi::Value Select(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[4], "n", 0, kMaxElements);
  const size_t e = elemBytesArg(info[5]);
  if (e != 1 && e != 4) rangeError(env, "select: elemBytes must be 1 or 4");
  deviceGuarded(env, "select", [&] {
    const uint8_t* c = deviceData<uint8_t>(info[0], "condition", n);
    const void* t = bytesData(info[1], "t", n, e);
    const void* el = bytesData(info[2], "e", n, e);
    void* y = bytesData(info[3], "y", n, e);
    device::launch(
        "select", [&] { selectCpu(c, t, el, y, n, e); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(selectCuda(c, t, el, y, n, e, st)); });
  });
  return env.Undefined();
}

Napi::Value AddN(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ElementType type = typeArg(info[0], "type");
  if (type == ElementType::kBool) rangeError(env, "addN: float32 or int32 only");
  if (!info[1].IsArray()) throw Napi::TypeError::New(env, "native: addN expects an array of buffer ids");
  Napi::Array ids = info[1].As<Napi::Array>();
  const int64_t n = intArg(info[3], "n", 0, kMaxElements);
  if (ids.Length() == 0 || ids.Length() > 100000) rangeError(env, "addN: 1 to 100000 inputs");
  deviceGuarded(env, "addN", [&] {
    std::vector<const void*> xs(ids.Length());
    for (uint32_t k = 0; k < ids.Length(); ++k) xs[k] = bytesData(ids.Get(k), "x", n, 4);
    void* y = bytesData(info[2], "y", n, 4);
    const int count = static_cast<int>(xs.size());
    device::launch(
        "addN", [&] { addNCpu(type, xs.data(), count, y, n); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(addNCuda(type, xs.data(), count, y, n, st)); });
  });
  return env.Undefined();
}

Napi::Value ClipByValue(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[2], "n", 0, kMaxElements);
  if (!info[3].IsNumber() || !info[4].IsNumber()) throw Napi::TypeError::New(env, "native: clipByValue(x, y, n, min, max)");
  const double lo = info[3].As<Napi::Number>().DoubleValue(), hi = info[4].As<Napi::Number>().DoubleValue();
  deviceGuarded(env, "clipByValue", [&] {
    const float* x = deviceData<float>(info[0], "x", n);
    float* y = deviceData<float>(info[1], "y", n);
    device::launch(
        "clipByValue", [&] { clipByValueCpu(x, y, n, lo, hi); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(clipByValueCuda(x, y, n, lo, hi, st)); });
  });
  return env.Undefined();
}

void initMovementDeviceBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "slice", Slice);
  setDeviceFunction(env, exports, "stridedCopy", StridedCopyFn);
  setDeviceFunction(env, exports, "padV2", PadV2);
  setDeviceFunction(env, exports, "tile", Tile);
  setDeviceFunction(env, exports, "transpose", Transpose);
  setDeviceFunction(env, exports, "cast", Cast);
  setDeviceFunction(env, exports, "compare", Compare);
  setDeviceFunction(env, exports, "logicalNot", LogicalNot);
  setDeviceFunction(env, exports, "select", Select);
  setDeviceFunction(env, exports, "addN", AddN);
  setDeviceFunction(env, exports, "clipByValue", ClipByValue);
}

}  // namespace

SIMSIAM_BINDING(initMovementDeviceBinding);

}  // namespace simsiam
