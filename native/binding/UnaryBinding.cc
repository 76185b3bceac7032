// native.device element-wise kernels (ops: kernels/ElementwiseOps.h):
//   binary(op, a, b, y, shape)     shape: rank, out, a, b (right-aligned)
//   unary(op, x, y, n, alpha)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/ShapeArgs.h"
#include "binding/device/DeviceArgs.h"
#include "kernels/Elementwise.h"
#include "kernels/Unary.h"

namespace simsiam {
namespace {

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const BinaryOp op = opArg<BinaryOp>(info[0]);
  const BroadcastArg arg = broadcastArg(env, info[4]);
  deviceGuarded(env, "binary", [&] {
    const float* a = deviceData<float>(info[1], "a", arg.na);
    const float* b = deviceData<float>(info[2], "b", arg.nb);
    float* y = deviceData<float>(info[3], "y", arg.n);
    device::launch(
        "binary", [&] { binaryCpu(op, arg.s, a, b, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(binaryCuda(op, arg.s, a, b, y, s)); });
  });
  return env.Undefined();
}

Napi::Value Unary(const Napi::CallbackInfo& info) {
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

void initElementwiseDeviceBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "binary", Binary);
  setDeviceFunction(env, exports, "unary", Unary);
}

}  // namespace

SIMSIAM_BINDING(initElementwiseDeviceBinding);

}  // namespace simsiam
