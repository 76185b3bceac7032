// One SGD-with-momentum step of a parameter (kernels/SgdMomentumUpdate.h):
//   sgdMomentumUpdate(w, g, buf | null, lr, momentum, weightDecay, wOut, bufOut)            host arrays
//   device.sgdMomentumUpdate(w, g, buf | null, n, lr, momentum, weightDecay, wOut, bufOut)  buffer ids
// buf null: the first step.
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/SgdMomentumUpdate.h"

namespace simsiam {
namespace {

SgdParams sgdParams(const Napi::CallbackInfo& info, size_t at, bool first) {
  for (size_t k = at; k < at + 3; ++k)
    if (!info[k].IsNumber()) throw Napi::TypeError::New(info.Env(), "native: sgdMomentumUpdate expects numbers for lr, momentum, weightDecay");
  return SgdParams{static_cast<float>(info[at].As<Napi::Number>().DoubleValue()),
                   static_cast<float>(info[at + 1].As<Napi::Number>().DoubleValue()),
                   static_cast<float>(info[at + 2].As<Napi::Number>().DoubleValue()), first};
}

Napi::Value SgdMomentumUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 8) throw Napi::TypeError::New(env, "native: sgdMomentumUpdate(w, g, buf, lr, momentum, weightDecay, wOut, bufOut)");
  const float* w = typedData<float>(info[0], "w", 0);
  const size_t n = lengthOf(info[0]);
  const float* g = typedData<float>(info[1], "g", n);
  const bool first = info[2].IsNull() || info[2].IsUndefined();
  const float* buf = first ? nullptr : typedData<float>(info[2], "buf", n);
  const SgdParams p = sgdParams(info, 3, first);
  float* wOut = typedData<float>(info[6], "wOut", n);
  float* bufOut = typedData<float>(info[7], "bufOut", n);
  guarded(env, "sgdMomentumUpdate", [&] { sgdMomentumUpdateCpu(p, w, g, buf, static_cast<int64_t>(n), wOut, bufOut); });
  return env.Undefined();
}

Napi::Value DeviceSgdMomentumUpdate(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) throw Napi::TypeError::New(env, "native: device.sgdMomentumUpdate(w, g, buf, n, lr, momentum, weightDecay, wOut, bufOut)");
  const bool first = info[2].IsNull() || info[2].IsUndefined();
  const int64_t n = intArg(info[3], "n", 0, kMaxElements);
  const SgdParams p = sgdParams(info, 4, first);
  deviceGuarded(env, "sgdMomentumUpdate", [&] {
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

}  // namespace

void initSgdMomentumUpdateBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "sgdMomentumUpdate", SgdMomentumUpdate);
  setDeviceFunction(env, exports, "sgdMomentumUpdate", DeviceSgdMomentumUpdate);
}

}  // namespace simsiam
