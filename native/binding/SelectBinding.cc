// Select, AddN and ClipByValue (kernels/Select.h):
//   device.select(condition, t, e, y, n, elemBytes)   condition bool (uint8)
//   device.addN(type, xs, y, n)                       xs: an array of buffer ids; type float32 or int32
//   device.clipByValue(x, y, n, min, max)             float32
#include <napi.h>

#include <vector>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/Select.h"

namespace simsiam {
namespace {

Napi::Value DeviceSelect(const Napi::CallbackInfo& info) {
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

Napi::Value DeviceAddN(const Napi::CallbackInfo& info) {
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

Napi::Value DeviceClipByValue(const Napi::CallbackInfo& info) {
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

}  // namespace

void initSelectBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "select", DeviceSelect);
  setDeviceFunction(env, exports, "addN", DeviceAddN);
  setDeviceFunction(env, exports, "clipByValue", DeviceClipByValue);
}

}  // namespace simsiam
