// Tile (kernels/Tile.h):
//   tile(x, y, shape)                     host Float32Arrays
//   device.tile(x, y, elemBytes, shape)   buffer ids, elements of elemBytes (DeviceArgs.h)
//     shape: rank, dims, reps (ShapeArgs.h)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Tile.h"

namespace simsiam {
namespace {

Napi::Value Tile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 3) throw Napi::TypeError::New(env, "native: tile(x, y, shape)");
  int64_t n = 0, outSize = 0;
  const TileShape s = tileArg(env, info[2], &n, &outSize);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  float* y = typedData<float>(info[1], "y", static_cast<size_t>(outSize));
  guarded(env, "tile", [&] { tileCpu(s, x, y); });
  return env.Undefined();
}

Napi::Value DeviceTile(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  int64_t n = 0, outSize = 0;
  const TileShape s = tileArg(env, info[3], &n, &outSize);
  if (outSize == 0) return env.Undefined();
  deviceGuarded(env, "tile", [&] {
    const void* x = bytesData(info[0], "x", n, e);
    void* y = bytesData(info[1], "y", outSize, e);
    device::launch(
        "tile", [&] { tileCpu(s, e, x, y); }, [&](void* st) { return SIMSIAM_CUDA_ONLY(tileCuda(s, e, x, y, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initTileBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "tile", Tile);
  setDeviceFunction(env, exports, "tile", DeviceTile);
}

}  // namespace simsiam
