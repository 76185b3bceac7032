// GatherV2 (kernels/Gather.h):
//   device.gather(elementBytes, x, indices, y, batch, outer, dim, slice, count)   buffer ids
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/Gather.h"

namespace simsiam {
namespace {

Napi::Value DeviceGather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int elementBytes = static_cast<int>(intArg(info[0], "elementBytes", 1, 4));
  if (elementBytes != 1 && elementBytes != 4) rangeError(env, "gather: elementBytes must be 1 or 4");
  GatherShape s{};
  s.batch = intArg(info[4], "batch", 0, kMaxElements);
  s.outer = intArg(info[5], "outer", 0, kMaxElements);
  s.dim = intArg(info[6], "dim", 0, kMaxElements);
  s.slice = intArg(info[7], "slice", 0, kMaxElements);
  s.count = intArg(info[8], "count", 0, kMaxElements);
  const int64_t rowsX = mulSize(env, mulSize(env, s.batch, s.outer), s.dim);
  const int64_t nx = mulSize(env, mulSize(env, rowsX, s.slice), elementBytes);
  const int64_t ni = mulSize(env, s.batch, s.count);
  const int64_t ny = mulSize(env, mulSize(env, mulSize(env, ni, s.outer), s.slice), elementBytes);
  deviceGuarded(env, "gather", [&] {
    const void* x = deviceData<uint8_t>(info[1], "x", nx);
    const int32_t* indices = deviceData<int32_t>(info[2], "indices", ni);
    void* y = deviceData<uint8_t>(info[3], "y", ny);
    if (ny == 0) return;
    device::launch(
        "gather", [&] { gatherCpu(elementBytes, s, x, indices, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(gatherCuda(elementBytes, s, x, indices, y, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initGatherBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "gather", DeviceGather);
}

}  // namespace simsiam
