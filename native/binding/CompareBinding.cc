// Comparisons and LogicalNot, bool (uint8) results (kernels/Compare.h; ops:
// CompareOp, kernels/MovementOps.h):
//   device.compare(op, type, a, b, y, shape)   shape: rank, out, a, b (ShapeArgs.h)
//   device.logicalNot(x, y, n)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "binding/ShapeArgs.h"
#include "kernels/Compare.h"

namespace simsiam {
namespace {

Napi::Value DeviceCompare(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const CompareOp op = opArg<CompareOp>(info[0]);
  const ElementType type = typeArg(info[1], "type");
  const BroadcastArg arg = broadcastArg(env, info[5]);
  const size_t e = elementBytes(type);
  deviceGuarded(env, "compare", [&] {
    const void* a = bytesData(info[2], "a", arg.na, e);
    const void* b = bytesData(info[3], "b", arg.nb, e);
    uint8_t* y = deviceData<uint8_t>(info[4], "y", arg.n);
    device::launch(
        "compare", [&] { compareCpu(op, type, arg.s, a, b, y); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(compareCuda(op, type, arg.s, a, b, y, st)); });
  });
  return env.Undefined();
}

Napi::Value DeviceLogicalNot(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[2], "n", 0, kMaxElements);
  deviceGuarded(env, "logicalNot", [&] {
    const uint8_t* x = deviceData<uint8_t>(info[0], "x", n);
    uint8_t* y = deviceData<uint8_t>(info[1], "y", n);
    device::launch(
        "logicalNot", [&] { logicalNotCpu(x, y, n); },
        [&](void* st) { return SIMSIAM_CUDA_ONLY(logicalNotCuda(x, y, n, st)); });
  });
  return env.Undefined();
}

}  // namespace

void initCompareBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "compare", DeviceCompare);
  setDeviceFunction(env, exports, "logicalNot", DeviceLogicalNot);
}

}  // namespace simsiam
