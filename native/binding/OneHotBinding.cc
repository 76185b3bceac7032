// OneHot (kernels/OneHot.h):
//   device.oneHot(indices, y, count, depth, on, off)   buffer ids; on/off: the 32-bit
//     patterns of y's values
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/OneHot.h"

namespace simsiam {
namespace {

Napi::Value DeviceOneHot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t count = intArg(info[2], "count", 0, kMaxElements);
  const int64_t depth = intArg(info[3], "depth", 0, kMaxElements);
  const uint32_t on = static_cast<uint32_t>(intArg(info[4], "on", 0, UINT32_MAX));
  const uint32_t off = static_cast<uint32_t>(intArg(info[5], "off", 0, UINT32_MAX));
  const int64_t ny = mulSize(env, count, depth);
  deviceGuarded(env, "oneHot", [&] {
    const int32_t* indices = deviceData<int32_t>(info[0], "indices", count);
    uint32_t* y = deviceData<uint32_t>(info[1], "y", ny);
    if (ny == 0) return;
    device::launch(
        "oneHot", [&] { oneHotCpu(indices, y, count, depth, on, off); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(oneHotCuda(indices, y, count, depth, on, off, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initOneHotBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "oneHot", DeviceOneHot);
}

}  // namespace simsiam
