// Transpose (kernels/Transpose.h):
//   device.transpose(x, y, elemBytes, shape)   buffer ids, elements of elemBytes
//     (DeviceArgs.h); shape: rank, dims, perm
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Transpose.h"

namespace simsiam {
namespace {

Napi::Value DeviceTranspose(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const size_t e = elemBytesArg(info[2]);
  const ShapeArg arg = shapeArg(info[3], 2);
  TransposeShape s{arg.rank, {}, {}};
  const int64_t n = dimsField(env, arg, 0, s.dims);
  bool seen[kMaxRank] = {};
  for (int d = 0; d < s.rank; ++d) {
    const int p = arg.field[1][d];
    if (p < 0 || p >= s.rank || seen[p]) rangeError(env, "transpose: perm is not a permutation");
    seen[p] = true;
    s.perm[d] = p;
  }
  if (n == 0) return env.Undefined();
  deviceGuarded(env, "transpose", [&] {
    const void* x = bytesData(info[0], "x", n, e);
    void* y = bytesData(info[1], "y", n, e);
    device::launch(
        "transpose", [&] { transposeCpu(s, e, x, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(transposeCuda(s, e, x, y, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initTransposeBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "transpose", DeviceTranspose);
}

}  // namespace simsiam
