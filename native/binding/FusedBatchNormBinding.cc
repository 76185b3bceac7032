// FusedBatchNorm (inference): y = offset + (x - mean) * scale / sqrt(variance + epsilon)
// with parameters of 1 or L values cycling over x (kernels/FusedBatchNorm.h):
//   fusedBatchNorm(x, mean, variance, offset, scale, epsilon, y)   host arrays
//     offset, scale: null or a Float32Array; every parameter 1 or L values
//   device.fusedBatchNorm(x, n, mean, meanLen, variance, varianceLen, offset|null, offsetLen,
//                         scale|null, scaleLen, epsilon, y)        buffer ids
#include <napi.h>

#include <algorithm>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/FusedBatchNorm.h"

namespace simsiam {
namespace {

Napi::Value FusedBatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 7 || !info[5].IsNumber())
    throw Napi::TypeError::New(env, "native: fusedBatchNorm(x, mean, variance, offset, scale, epsilon, y)");
  const float* x = typedData<float>(info[0], "x", 0);
  const int64_t n = static_cast<int64_t>(lengthOf(info[0]));
  BatchNormParams p{};
  p.mean = typedData<float>(info[1], "mean", 1);
  p.meanLen = static_cast<int64_t>(lengthOf(info[1]));
  p.variance = typedData<float>(info[2], "variance", 1);
  p.varianceLen = static_cast<int64_t>(lengthOf(info[2]));
  auto optional = [&](const Napi::Value& v, const char* name, int64_t* len) -> const float* {
    if (v.IsNull() || v.IsUndefined()) return nullptr;
    const float* data = typedData<float>(v, name, 1);
    *len = static_cast<int64_t>(lengthOf(v));
    return data;
  };
  p.offset = optional(info[3], "offset", &p.offsetLen);
  p.scale = optional(info[4], "scale", &p.scaleLen);
  p.epsilon = info[5].As<Napi::Number>().DoubleValue();
  float* y = typedData<float>(info[6], "y", static_cast<size_t>(n));
  const int64_t L = std::max({p.meanLen, p.varianceLen, p.offset ? p.offsetLen : 1, p.scale ? p.scaleLen : 1});
  for (int64_t len : {p.meanLen, p.varianceLen, p.offset ? p.offsetLen : 1, p.scale ? p.scaleLen : 1})
    if (len != 1 && len != L) rangeError(env, "fusedBatchNorm: parameters need 1 or L values");
  if (n % L != 0) rangeError(env, "fusedBatchNorm: x needs a multiple of L values");
  guarded(env, "fusedBatchNorm", [&] { fusedBatchNormCpu(x, n, p, y); });
  return env.Undefined();
}

Napi::Value DeviceFusedBatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[1], "n", 0, kMaxElements);
  BatchNormParams p{};
  p.meanLen = intArg(info[3], "meanLen", 1, kMaxElements);
  p.varianceLen = intArg(info[5], "varianceLen", 1, kMaxElements);
  p.offsetLen = intArg(info[7], "offsetLen", 1, kMaxElements);
  p.scaleLen = intArg(info[9], "scaleLen", 1, kMaxElements);
  p.epsilon = numberArg(info[10], "epsilon");
  deviceGuarded(env, "fusedBatchNorm", [&] {
    const float* x = deviceData<float>(info[0], "x", n);
    p.mean = deviceData<float>(info[2], "mean", p.meanLen);
    p.variance = deviceData<float>(info[4], "variance", p.varianceLen);
    p.offset = optionalDeviceData<float>(info[6], "offset", p.offsetLen);
    p.scale = optionalDeviceData<float>(info[8], "scale", p.scaleLen);
    float* y = deviceData<float>(info[11], "y", n);
    device::launch(
        "FusedBatchNorm", [&] { fusedBatchNormCyclicCpu(x, n, p, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(fusedBatchNormCuda(x, n, p, y, s)); });
  });
  return env.Undefined();
}

}  // namespace

void initFusedBatchNormBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "fusedBatchNorm", FusedBatchNorm);
  setDeviceFunction(env, exports, "fusedBatchNorm", DeviceFusedBatchNorm);
}

}  // namespace simsiam
