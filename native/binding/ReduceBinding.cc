// Sum, Mean, Max, Min over the reduced dimensions (kernels/Reduce.h; ops: ReduceOp):
//   reduce(op, x, y, shape)          host arrays
//   device.reduce(op, x, y, shape)   buffer ids
//     shape: rank, dims, reduced (0/1; ShapeArgs.h)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Reduce.h"

namespace simsiam {
namespace {

Napi::Value Reduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "native: reduce(op, x, y, shape)");
  const ReduceOp op = opArg<ReduceOp>(info[0]);
  int64_t n = 0, outSize = 0;
  const ReduceShape s = reduceArg(env, info[3], &n, &outSize);
  const float* x = typedData<float>(info[1], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[2], "y", static_cast<size_t>(outSize));
  guarded(env, "reduce", [&] { reduceCpu(op, s, x, y); });
  return env.Undefined();
}

#if SIMSIAM_WITH_CUDA
int reduceOnGpu(ReduceOp op, const ReduceShape& s, const float* x, float* y, void* stream) {
  device::Scratch ws(reduceCudaWorkspace(op, s), "reduce workspace");
  return reduceCuda(op, s, x, y, ws.ptr<void>(), stream);
}
#endif

Napi::Value DeviceReduce(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ReduceOp op = opArg<ReduceOp>(info[0]);
  int64_t n = 0, outSize = 0;
  const ReduceShape s = reduceArg(env, info[3], &n, &outSize);
  deviceGuarded(env, "reduce", [&] {
    const float* x = deviceData<float>(info[1], "x", n);
    float* y = deviceData<float>(info[2], "y", outSize);
    device::launch(
        "reduce", [&] { reduceCpu(op, s, x, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(reduceOnGpu(op, s, x, y, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initReduceBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "reduce", Reduce);
  setDeviceFunction(env, exports, "reduce", DeviceReduce);
}

}  // namespace simsiam
