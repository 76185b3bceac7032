// Cast between the device's dtypes (kernels/Cast.h):
//   device.cast(from, to, x, y, n)   ElementType codes (DeviceArgs.h), from != to
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/Cast.h"

namespace simsiam {
namespace {

Napi::Value DeviceCast(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ElementType from = typeArg(info[0], "from"), to = typeArg(info[1], "to");
  if (!castSupported(from, to)) rangeError(env, "cast: unsupported dtype pair");
  const int64_t n = intArg(info[4], "n", 0, kMaxElements);
  deviceGuarded(env, "cast", [&] {
    const void* x = bytesData(info[2], "x", n, elementBytes(from));
    void* y = bytesData(info[3], "y", n, elementBytes(to));
    device::launch(
        "cast", [&] { castCpu(from, to, x, y, n); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(castCuda(from, to, x, y, n, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initCastBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "cast", DeviceCast);
}

}  // namespace simsiam
