// pairLoss(ps, zs, grads, B, D, weight) -> loss
//   The CPU kernel (host buffers); on the `cuda` backend the loss runs as
//   native.device.pairLoss on device tensors (device/FusedDeviceBinding.cc).
//   ps, zs: arrays of 1 or 2 Float32Array [B*D]; grads: same count of
//   Float32Array or null.
// scaleGrad(grad, dy, out)
#include <napi.h>

#include "binding/NapiArgs.h"
#include "binding/Bindings.h"
#include "kernels/SimSiamLoss.h"

namespace simsiam {
namespace {

Napi::Value PairLoss(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 6 || !info[0].IsArray() || !info[1].IsArray() || !info[2].IsArray())
    NAPI_THROW(Napi::TypeError::New(env, "native: pairLoss(ps, zs, grads, B, D, weight)"), env.Null());
  const int64_t B = intArg(info[3], "B", 1, int64_t{1} << 31);
  const int64_t D = intArg(info[4], "D", 1, int64_t{1} << 31);
  const float weight = static_cast<float>(info[5].As<Napi::Number>().DoubleValue());
  Napi::Array ps = info[0].As<Napi::Array>(), zs = info[1].As<Napi::Array>(), gs = info[2].As<Napi::Array>();
  LossPairs pairs{static_cast<int>(ps.Length()), {}, {}, {}, weight};
  if (pairs.count < 1 || pairs.count > kMaxLossPairs || zs.Length() != ps.Length() || gs.Length() != ps.Length())
    NAPI_THROW(Napi::RangeError::New(env, "native: pairLoss takes 1 or 2 pairs"), env.Null());
  const size_t n = static_cast<size_t>(B * D);
  for (int k = 0; k < pairs.count; ++k) {
    pairs.p[k] = typedData<float>(ps[k], "p", n);
    pairs.z[k] = typedData<float>(zs[k], "z", n);
    Napi::Value g = gs[k];
    pairs.grad[k] = g.IsNull() || g.IsUndefined() ? nullptr : typedData<float>(g, "grad", n);
  }
  return Napi::Number::New(env, pairLossCpu(pairs, B, D));
}

// scaleGrad(grad, dy, out): out = dy * grad, the backward of the fused loss.
Napi::Value ScaleGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3 || !info[0].IsTypedArray() || !info[1].IsNumber())
    NAPI_THROW(Napi::TypeError::New(env, "native: scaleGrad(grad, dy, out)"), env.Null());
  const size_t n = info[0].As<Napi::TypedArray>().ElementLength();
  const float* g = typedData<float>(info[0], "grad", n);
  float* out = typedData<float>(info[2], "out", n);
  if (!g || !out) return env.Null();
  scaleGradCpu(g, static_cast<float>(info[1].As<Napi::Number>().DoubleValue()), static_cast<int64_t>(n), out);
  return env.Undefined();
}

}  // namespace

void initLossBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("pairLoss", Napi::Function::New(env, PairLoss, "pairLoss"));
  exports.Set("scaleGrad", Napi::Function::New(env, ScaleGrad, "scaleGrad"));
}

}  // namespace simsiam
