// Unary element-wise ops (kernels/Unary.h; ops: UnaryOp, kernels/ElementwiseOps.h):
//   unary(op, x, y, alpha)             host arrays; y = op(x), as many values as x
//   device.unary(op, x, y, n, alpha)   buffer ids
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/Unary.h"

namespace simsiam {
namespace {

Napi::Value Unary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4 || !info[3].IsNumber()) throw Napi::TypeError::New(env, "native: unary(op, x, y, alpha)");
  const UnaryOp op = opArg<UnaryOp>(info[0]);
  const float* x = typedData<float>(info[1], "x", 0);
  const size_t n = lengthOf(info[1]);
  float* y = typedData<float>(info[2], "y", n);
  const float alpha = static_cast<float>(info[3].As<Napi::Number>().DoubleValue());
  guarded(env, "unary", [&] { unaryCpu(op, x, y, static_cast<int64_t>(n), alpha); });
  return env.Undefined();
}

Napi::Value DeviceUnary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const UnaryOp op = opArg<UnaryOp>(info[0]);
  const int64_t n = intArg(info[3], "n", 0, int64_t{1} << 40);
  if (!info[4].IsNumber()) throw Napi::TypeError::New(env, "native: expected a number for alpha");
  const float alpha = static_cast<float>(info[4].As<Napi::Number>().DoubleValue());
  deviceGuarded(env, "unary", [&] {
    const float* x = deviceData<float>(info[1], "x", n);
    float* y = deviceData<float>(info[2], "y", n);
    device::launch(
        "unary", [&] { unaryCpu(op, x, y, n, alpha); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(unaryCuda(op, x, y, n, alpha, s)); });
  });
  return env.Undefined();
}

}  // namespace

void initUnaryBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "unary", Unary);
  setDeviceFunction(env, exports, "unary", DeviceUnary);
}

}  // namespace simsiam
