// native.device reductions and indexing (src/backend/cuda/binding/reduction.ts):
//   reduce(op, x, y, shape)                      shape: rank, dims, reduced (0/1); ops: ReduceOp
//   argMinMax(max, x, y, outer, reduce, inner)   y int32
//   topk(x, values, indices, rows, n, k)         sorted; indices int32
//   gather(elementBytes, x, indices, y, batch, outer, dim, slice, count)
//   oneHot(indices, y, count, depth, on, off)    on/off: the 32-bit patterns of y's values
#include <napi.h>

#include <algorithm>

#include "binding/Bindings.h"
#include "binding/ShapeArgs.h"
#include "binding/device/DeviceArgs.h"
#include "kernels/ArgMinMax.h"
#include "kernels/Gather.h"
#include "kernels/OneHot.h"
#include "kernels/Reduce.h"
#include "kernels/TopK.h"

namespace simsiam {
namespace {

using device::Scratch;

#if SIMSIAM_WITH_CUDA
int reduceOnGpu(ReduceOp op, const ReduceShape& s, const float* x, float* y, void* stream) {
  Scratch ws(reduceCudaWorkspace(op, s), "reduce workspace");
  return reduceCuda(op, s, x, y, ws.ptr<void>(), stream);
}

int argMinMaxOnGpu(bool max, const float* x, int32_t* y, int64_t o, int64_t r, int64_t i, void* stream) {
  Scratch ws(argMinMaxCudaWorkspace(o, r, i), "argMinMax workspace");
  return argMinMaxCuda(max, x, y, o, r, i, ws.ptr<void>(), stream);
}
#endif

constexpr int64_t kMaxSize = int64_t{1} << 40;

Napi::Value Reduce(const Napi::CallbackInfo& info) {
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

Napi::Value ArgMinMax(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const bool max = intArg(info[0], "max", 0, 1) != 0;
  const int64_t outer = intArg(info[3], "outer", 0, kMaxSize);
  const int64_t reduce = intArg(info[4], "reduce", 1, kMaxSize);
  const int64_t inner = intArg(info[5], "inner", 0, kMaxSize);
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

Napi::Value TopK(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t rows = intArg(info[3], "rows", 0, kMaxSize);
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

Napi::Value Gather(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int elementBytes = static_cast<int>(intArg(info[0], "elementBytes", 1, 4));
  if (elementBytes != 1 && elementBytes != 4) rangeError(env, "gather: elementBytes must be 1 or 4");
  GatherShape s{};
  s.batch = intArg(info[4], "batch", 0, kMaxSize);
  s.outer = intArg(info[5], "outer", 0, kMaxSize);
  s.dim = intArg(info[6], "dim", 0, kMaxSize);
  s.slice = intArg(info[7], "slice", 0, kMaxSize);
  s.count = intArg(info[8], "count", 0, kMaxSize);
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

Napi::Value OneHot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t count = intArg(info[2], "count", 0, kMaxSize);
  const int64_t depth = intArg(info[3], "depth", 0, kMaxSize);
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

void initReductionDeviceBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "reduce", Reduce);
  setDeviceFunction(env, exports, "argMinMax", ArgMinMax);
  setDeviceFunction(env, exports, "topk", TopK);
  setDeviceFunction(env, exports, "gather", Gather);
  setDeviceFunction(env, exports, "oneHot", OneHot);
}

}  // namespace

SIMSIAM_BINDING(initReductionDeviceBinding);

}  // namespace simsiam
