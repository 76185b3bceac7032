// Parameter and statistic updates, one pass each:
//   sgdUpdate(w, g, buf | null, lr, momentum, weightDecay, wOut, bufOut)            host arrays
//   device.sgdUpdate(w, g, buf | null, n, lr, momentum, weightDecay, wOut, bufOut)  buffer ids
//     SGD with momentum (kernels/SgdMomentumUpdate.h); buf null: the first step.
//   movingAverage(current, value, decay, y)             host arrays
//   device.movingAverage(current, value, n, decay, y)   buffer ids
//     y = current - (current - value) * decay (kernels/MovingAverage.h).
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/ShapeArgs.h"
#include "binding/device/DeviceArgs.h"
#include "kernels/MovingAverage.h"
#include "kernels/SgdMomentumUpdate.h"

namespace simsiam {
namespace {

SgdParams sgdParams(const Napi::CallbackInfo& info, size_t at, bool first) {
  for (size_t k = at; k < at + 3; ++k)
    if (!info[k].IsNumber()) throw Napi::TypeError::New(info.Env(), "native: sgdUpdate expects numbers for lr, momentum, weightDecay");
  return SgdParams{static_cast<float>(info[at].As<Napi::Number>().DoubleValue()),
                   static_cast<float>(info[at + 1].As<Napi::Number>().DoubleValue()),
                   static_cast<float>(info[at + 2].As<Napi::Number>().DoubleValue()), first};
}

Napi::Value SgdUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 8) throw Napi::TypeError::New(env, "native: sgdUpdate(w, g, buf, lr, momentum, weightDecay, wOut, bufOut)");
  const float* w = typedData<float>(info[0], "w", 0);
  const size_t n = lengthOf(info[0]);
  const float* g = typedData<float>(info[1], "g", n);
  const bool first = info[2].IsNull() || info[2].IsUndefined();
  const float* buf = first ? nullptr : typedData<float>(info[2], "buf", n);
  const SgdParams p = sgdParams(info, 3, first);
  float* wOut = typedData<float>(info[6], "wOut", n);
  float* bufOut = typedData<float>(info[7], "bufOut", n);
  guarded(env, "sgdUpdate", [&] { sgdMomentumUpdateCpu(p, w, g, buf, static_cast<int64_t>(n), wOut, bufOut); });
  return env.Undefined();
}

Napi::Value DeviceSgdUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) throw Napi::TypeError::New(env, "native: device.sgdUpdate(w, g, buf, n, lr, momentum, weightDecay, wOut, bufOut)");
  const bool first = info[2].IsNull() || info[2].IsUndefined();
  const int64_t n = intArg(info[3], "n", 0, kMaxElements);
  const SgdParams p = sgdParams(info, 4, first);
  deviceGuarded(env, "sgdUpdate", [&] {
    const float* w = deviceData<float>(info[0], "w", n);
    const float* g = deviceData<float>(info[1], "g", n);
    const float* buf = first ? nullptr : deviceData<float>(info[2], "buf", n);
    float* wOut = deviceData<float>(info[7], "wOut", n);
    float* bufOut = deviceData<float>(info[8], "bufOut", n);
    device::launch(
        "SgdMomentumUpdate", [&] { sgdMomentumUpdateCpu(p, w, g, buf, n, wOut, bufOut); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(sgdMomentumUpdateCuda(p, w, g, buf, n, wOut, bufOut, s)); });
  });
  return env.Undefined();
}

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

void initParameterUpdateBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("sgdUpdate", Napi::Function::New(env, SgdUpdate, "sgdUpdate"));
  setDeviceFunction(env, exports, "sgdUpdate", DeviceSgdUpdate);
  exports.Set("movingAverage", Napi::Function::New(env, MovingAverage, "movingAverage"));
  setDeviceFunction(env, exports, "movingAverage", DeviceMovingAverage);
}

}  // namespace

SIMSIAM_BINDING(initParameterUpdateBinding);

}  // namespace simsiam
