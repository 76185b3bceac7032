// The moving-average update of a BatchNorm statistic (kernels/MovingAverage.h):
// y = current - (current - value) * decay
//   movingAverage(current, value, decay, y)             host arrays
//   device.movingAverage(current, value, n, decay, y)   buffer ids
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/MovingAverage.h"

namespace simsiam {
namespace {

float decayArg(const Napi::Value& v) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), "native: expected a number for decay");
  return static_cast<float>(v.As<Napi::Number>().DoubleValue());
}

Napi::Value MovingAverage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "native: movingAverage(current, value, decay, y)");
  const float* current = typedData<float>(info[0], "current", 0);
  const size_t n = lengthOf(info[0]);
  const float* value = typedData<float>(info[1], "value", n);
  const float decay = decayArg(info[2]);
  float* y = typedData<float>(info[3], "y", n);
  movingAverageCpu(current, value, static_cast<int64_t>(n), decay, y);
  return env.Undefined();
}

Napi::Value DeviceMovingAverage(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5) throw Napi::TypeError::New(env, "native: device.movingAverage(current, value, n, decay, y)");
  const int64_t n = intArg(info[2], "n", 0, kMaxElements);
  const float decay = decayArg(info[3]);
  deviceGuarded(env, "movingAverage", [&] {
    const float* current = deviceData<float>(info[0], "current", n);
    const float* value = deviceData<float>(info[1], "value", n);
    float* y = deviceData<float>(info[4], "y", n);
    device::launch(
        "MovingAverage", [&] { movingAverageCpu(current, value, n, decay, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(movingAverageCuda(current, value, n, decay, y, s)); });
  });
  return env.Undefined();
}

}  // namespace

void initMovingAverageBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "movingAverage", MovingAverage);
  setDeviceFunction(env, exports, "movingAverage", DeviceMovingAverage);
}

}  // namespace simsiam
