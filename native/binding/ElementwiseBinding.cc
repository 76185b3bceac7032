// Binary element-wise ops with broadcasting (kernels/Elementwise.h; ops:
// BinaryOp, kernels/ElementwiseOps.h):
//   binary(op, a, b, y, shape)          host arrays
//   device.binary(op, a, b, y, shape)   buffer ids
//     shape: rank, out, a, b (right-aligned; ShapeArgs.h)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Elementwise.h"

namespace simsiam {
namespace {

Napi::Value Binary(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 5) throw Napi::TypeError::New(env, "native: binary(op, a, b, y, shape)");
  const BinaryOp op = opArg<BinaryOp>(info[0]);
  const BroadcastArg arg = broadcastArg(env, info[4]);
  const BroadcastShapes& s = arg.s;
  const int64_t n = arg.n, na = arg.na, nb = arg.nb;
  const float* a = typedData<float>(info[1], "a", static_cast<size_t>(na));
  const float* b = typedData<float>(info[2], "b", static_cast<size_t>(nb));
  float* y = typedData<float>(info[3], "y", static_cast<size_t>(n));
  guarded(env, "binary", [&] { binaryCpu(op, s, a, b, y); });
  return env.Undefined();
}

Napi::Value DeviceBinary(const Napi::CallbackInfo& info) {
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

}  // namespace

void initElementwiseBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "binary", Binary);
  setDeviceFunction(env, exports, "binary", DeviceBinary);
}

}  // namespace simsiam
