// The fused SimSiam loss over 1 or 2 (p, z) pairs (kernels/SimSiamLoss.h):
//   pairLoss(ps, zs, grads, B, D, weight) -> loss       host arrays
//     ps, zs: arrays of 1 or 2 Float32Array [B*D]; grads: same count of
//     Float32Array or null
//   scaleGrad(grad, dy, out)                            out = dy * grad: the backward
//   device.pairLoss(ps[], zs[], grads[], B, D, weight, loss)   buffer ids; loss: 1 value
//   device.scaleGrad(grad, dy, out, n)                         dy: a buffer of 1 value
#include <napi.h>

#include <string>
#include <vector>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
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

// An array of 1 or 2 buffer ids.
std::vector<Napi::Value> idList(const Napi::Value& v, const char* name, uint32_t count) {
  if (!v.IsArray() || v.As<Napi::Array>().Length() != count)
    throw Napi::TypeError::New(v.Env(), std::string("native: expected ") + std::to_string(count) + " buffer ids for " + name);
  Napi::Array a = v.As<Napi::Array>();
  std::vector<Napi::Value> out;
  for (uint32_t k = 0; k < count; ++k) out.push_back(a.Get(k));
  return out;
}

Napi::Value DevicePairLoss(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "native: pairLoss(ps[], zs[], grads[], B, D, weight, loss)");
  const uint32_t count = info[0].As<Napi::Array>().Length();
  if (count < 1 || count > kMaxLossPairs) rangeError(env, "pairLoss: 1 or 2 pairs");
  const auto ps = idList(info[0], "ps", count), zs = idList(info[1], "zs", count), gs = idList(info[2], "grads", count);
  const int64_t B = intArg(info[3], "B", 1, 0x7fffffff), D = intArg(info[4], "D", 1, 0x7fffffff);
  const int64_t n = mulSize(env, B, D);
  const float weight = static_cast<float>(numberArg(info[5], "weight"));
  deviceGuarded(env, "pairLoss", [&] {
    LossPairs pairs{static_cast<int>(count), {}, {}, {}, weight};
    for (uint32_t k = 0; k < count; ++k) {
      pairs.p[k] = deviceData<float>(ps[k], "p", n);
      pairs.z[k] = deviceData<float>(zs[k], "z", n);
      pairs.grad[k] = deviceData<float>(gs[k], "grad", n);
    }
    float* loss = deviceData<float>(info[6], "loss", 1);
    if (device::onHost()) {
      *loss = pairLossCpu(pairs, B, D);
      return;
    }
    device::Scratch ws(static_cast<size_t>(B + 1) * sizeof(float), "SimSiamLoss");
    float* rows = ws.data<float>(B + 1);
    [[maybe_unused]] unsigned* counter = reinterpret_cast<unsigned*>(rows + B);
    device::launch(
        "SimSiamLoss", [] {},
        [&](void* s) { return SIMSIAM_CUDA_ONLY(pairLossCudaWorkspace(pairs, B, D, loss, rows, counter, s)); });
  });
  return env.Undefined();
}

Napi::Value DeviceScaleGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[3], "n", 0, kMaxElements);
  deviceGuarded(env, "scaleGrad", [&] {
    const float* grad = deviceData<float>(info[0], "grad", n);
    const float* dy = deviceData<float>(info[1], "dy", 1);
    float* out = deviceData<float>(info[2], "out", n);
    device::launch(
        "SimSiamLossGrad", [&] { scaleGradByScalarCpu(grad, dy, n, out); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(scaleGradCuda(grad, dy, n, out, s)); });
  });
  return env.Undefined();
}

}  // namespace

void initSimSiamLossBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "pairLoss", PairLoss);
  setFunction(env, exports, "scaleGrad", ScaleGrad);
  setDeviceFunction(env, exports, "pairLoss", DevicePairLoss);
  setDeviceFunction(env, exports, "scaleGrad", DeviceScaleGrad);
}

}  // namespace simsiam
