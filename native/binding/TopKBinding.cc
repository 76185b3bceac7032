// The k largest values of each row, sorted (kernels/TopK.h):
//   device.topk(x, values, indices, rows, n, k)   buffer ids; indices int32
#include <napi.h>

#include <algorithm>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/TopK.h"

namespace simsiam {
namespace {

Napi::Value DeviceTopK(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t rows = intArg(info[3], "rows", 0, kMaxElements);
  const int64_t n = intArg(info[4], "n", 0, (int64_t{1} << 31) - 1);
  const int64_t k = intArg(info[5], "k", 0, std::min(n, kTopKMaxK));
  const int64_t nx = mulSize(env, rows, n), ny = mulSize(env, rows, k);
  deviceGuarded(env, "topk", [&] {
    const float* x = deviceData<float>(info[0], "x", nx);
    float* values = deviceData<float>(info[1], "values", ny);
    int32_t* indices = deviceData<int32_t>(info[2], "indices", ny);
    device::launch(
        "topk", [&] { topKCpu(x, values, indices, rows, n, k); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(topKCuda(x, values, indices, rows, n, k, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initTopKBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "topk", DeviceTopK);
}

}  // namespace simsiam
