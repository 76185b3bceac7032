// Max and average pooling and their gradients, NHWC float32 (kernels/Pool.h),
// on the device only:
//   device.pool(op, x, y, geometry)   op: PoolOp
//   device.maxPoolGrad(dy, x, dx, geometry)
//   device.avgPoolGrad(dy, dx, geometry)
//     geometry: Int32Array [N, H, W, C, outH, outW, filterH, filterW, strideH, strideW, padTop, padLeft]
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/Pool.h"

namespace simsiam {
namespace {

PoolGeometry geometryArg(const Napi::Value& v) {
  Napi::Env env = v.Env();
  const int32_t* a = typedData<int32_t>(v, "geometry", 12);
  for (int k = 0; k < 12; ++k)
    if (a[k] < 0) rangeError(env, "pool: negative size in the geometry");
  PoolGeometry g{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]};
  if (g.filterH < 1 || g.filterW < 1 || g.strideH < 1 || g.strideW < 1) rangeError(env, "pool: filter and strides must be positive");
  // Every window of the output must start inside the padded input.
  if (g.outH > 0 && (g.outH - 1) * g.strideH - g.padTop >= g.inH + g.filterH) rangeError(env, "pool: output too tall");
  if (g.outW > 0 && (g.outW - 1) * g.strideW - g.padLeft >= g.inW + g.filterW) rangeError(env, "pool: output too wide");
  const int64_t in[4] = {g.batch, g.inH, g.inW, g.channels}, out[4] = {g.batch, g.outH, g.outW, g.channels};
  sizeOf(env, in, 4);
  sizeOf(env, out, 4);
  return g;
}

int64_t inSize(const PoolGeometry& g) { return g.batch * g.inH * g.inW * g.channels; }
int64_t outSize(const PoolGeometry& g) { return g.batch * g.outH * g.outW * g.channels; }

Napi::Value DevicePool(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PoolOp op = opArg<PoolOp>(info[0]);
  const PoolGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "pool", [&] {
    const float* x = deviceData<float>(info[1], "x", inSize(g));
    float* y = deviceData<float>(info[2], "y", outSize(g));
    device::launch(
        op == PoolOp::kMax ? "MaxPool" : "AvgPool", [&] { poolCpu(op, x, g, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(poolCuda(op, x, g, y, s)); });
  });
  return env.Undefined();
}

Napi::Value DeviceMaxPoolGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PoolGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "maxPoolGrad", [&] {
    const float* dy = deviceData<float>(info[0], "dy", outSize(g));
    const float* x = deviceData<float>(info[1], "x", inSize(g));
    float* dx = deviceData<float>(info[2], "dx", inSize(g));
    device::Scratch ws(static_cast<size_t>(outSize(g)) * sizeof(int32_t), "MaxPoolGrad");
    int32_t* positions = ws.data<int32_t>(outSize(g));
    device::launch(
        "MaxPoolGrad", [&] { maxPoolGradCpu(dy, x, g, positions, dx); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(maxPoolGradCuda(dy, x, g, positions, dx, s)); });
  });
  return env.Undefined();
}

Napi::Value DeviceAvgPoolGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PoolGeometry g = geometryArg(info[2]);
  deviceGuarded(env, "avgPoolGrad", [&] {
    const float* dy = deviceData<float>(info[0], "dy", outSize(g));
    float* dx = deviceData<float>(info[1], "dx", inSize(g));
    device::launch(
        "AvgPoolGrad", [&] { avgPoolGradCpu(dy, g, dx); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(avgPoolGradCuda(dy, g, dx, s)); });
  });
  return env.Undefined();
}

}  // namespace

void initPoolBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "pool", DevicePool);
  setDeviceFunction(env, exports, "maxPoolGrad", DeviceMaxPoolGrad);
  setDeviceFunction(env, exports, "avgPoolGrad", DeviceAvgPoolGrad);
}

}  // namespace simsiam
