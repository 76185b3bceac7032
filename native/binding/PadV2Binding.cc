// PadV2 with a constant (kernels/PadV2.h):
//   padV2(x, y, shape, value)                     host Float32Arrays; value a number
//   device.padV2(x, y, elemBytes, shape, value)   buffer ids, elements of elemBytes
//     (DeviceArgs.h); value: a typed array holding the constant as one element
//   shape: rank, dims, before, after (ShapeArgs.h)
#include <napi.h>

#include <algorithm>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/PadV2.h"

namespace simsiam {
namespace {

Napi::Value PadV2(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsNumber()) throw Napi::TypeError::New(env, "native: padV2(x, y, shape, value)");
  int64_t n = 0, outSize = 0;
  const PadShape s = padArg(env, info[2], &n, &outSize);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[1], "y", static_cast<size_t>(outSize));
  const float value = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  guarded(env, "padV2", [&] { padV2Cpu(s, x, value, y); });
  return env.Undefined();
}

Napi::Value DevicePadV2(const Napi::CallbackInfo& info) {
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

}  // namespace

void initPadV2Binding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "padV2", PadV2);
  setDeviceFunction(env, exports, "padV2", DevicePadV2);
}

}  // namespace simsiam
