// ArgMax / ArgMin over the middle axis of [outer, reduce, inner] (kernels/ArgMinMax.h):
//   device.argMinMax(max, x, y, outer, reduce, inner)   buffer ids; y int32
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/ArgMinMax.h"

namespace simsiam {
namespace {

#if SIMSIAM_WITH_CUDA
int argMinMaxOnGpu(bool max, const float* x, int32_t* y, int64_t o, int64_t r, int64_t i, void* stream) {
  device::Scratch ws(argMinMaxCudaWorkspace(o, r, i), "argMinMax workspace");
  return argMinMaxCuda(max, x, y, o, r, i, ws.ptr<void>(), stream);
}
#endif

Napi::Value DeviceArgMinMax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const bool max = intArg(info[0], "max", 0, 1) != 0;
  const int64_t outer = intArg(info[3], "outer", 0, kMaxElements);
  const int64_t reduce = intArg(info[4], "reduce", 1, kMaxElements);
  const int64_t inner = intArg(info[5], "inner", 0, kMaxElements);
  const int64_t out = mulSize(env, outer, inner), n = mulSize(env, out, reduce);
  deviceGuarded(env, "argMinMax", [&] {
    const float* x = deviceData<float>(info[1], "x", n);
    int32_t* y = deviceData<int32_t>(info[2], "y", out);
    device::launch(
        "argMinMax", [&] { argMinMaxCpu(max, x, y, outer, reduce, inner); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(argMinMaxOnGpu(max, x, y, outer, reduce, inner, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initArgMinMaxBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "argMinMax", DeviceArgMinMax);
}

}  // namespace simsiam
