// Conv2D and its gradients, NHWC float32 (kernels/Conv2D.h on the host,
// kernels/LinalgDevice.h on the device):
//   conv2d(x, filter, geometry, y, bias, prelu, activation, leakyAlpha)   host arrays
//   conv2dBackpropInput(dy, filter, geometry, dx)
//   conv2dBackpropFilter(x, dy, geometry, dw)
//     bias/prelu: null or a Float32Array of 1 or N (output channels) values
//   device.conv2d(x, filter, y, geometry, bias, prelu, epilogue)          buffer ids
//   device.conv2dBackpropInput(dy, filter, dx, geometry)
//   device.conv2dBackpropFilter(x, dy, dw, geometry)
//     bias/prelu: null or a buffer id; epilogue: EpilogueArgs.h
//   device.convPath(geometry) -> "cudnn" | "cudnn-padded" | "im2col"
// geometry: Int32Array in ConvGeometry's field order (the forward convolution).
#include <napi.h>

#include <string>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/EpilogueArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/Conv2D.h"
#include "kernels/LinalgDevice.h"

namespace simsiam {
namespace {

ConvGeometry geometryArg(const Napi::Value& v) {
  const int32_t* f = typedData<int32_t>(v, "geometry", ConvGeometry::kFields);
  const ConvGeometry g{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14]};
  for (int64_t d : {g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.filterH, g.filterW, g.strideH, g.strideW,
                    g.dilationH, g.dilationW})
    if (d < 1) rangeError(v.Env(), "geometry sizes, strides and dilations must be >= 1");
  for (int64_t n : {g.xSize(), g.ySize(), g.filterSize(), g.pixels() * g.depth()})
    if (n > kMaxElements) rangeError(v.Env(), "convolution too large");
  return g;
}

Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 8) throw Napi::TypeError::New(env, "native: conv2d(x, filter, geometry, y, bias, prelu, activation, leakyAlpha)");
  const ConvGeometry g = geometryArg(info[2]);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(g.xSize()));
  const float* w = typedData<float>(info[1], "filter", static_cast<size_t>(g.filterSize()));
  float* y = typedData<float>(info[3], "y", static_cast<size_t>(g.ySize()));
  const Epilogue ep = hostEpilogueArg(info, 4, g.outC);
  guarded(env, "conv2d", [&] { conv2dCpu(g, x, w, y, ep); });
  return env.Undefined();
}

Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "native: conv2dBackpropInput(dy, filter, geometry, dx)");
  const ConvGeometry g = geometryArg(info[2]);
  const float* dy = typedData<float>(info[0], "dy", static_cast<size_t>(g.ySize()));
  const float* w = typedData<float>(info[1], "filter", static_cast<size_t>(g.filterSize()));
  float* dx = typedData<float>(info[3], "dx", static_cast<size_t>(g.xSize()));
  guarded(env, "conv2dBackpropInput", [&] { conv2dBackpropInputCpu(g, dy, w, dx); });
  return env.Undefined();
}

Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 4) throw Napi::TypeError::New(env, "native: conv2dBackpropFilter(x, dy, geometry, dw)");
  const ConvGeometry g = geometryArg(info[2]);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(g.xSize()));
  const float* dy = typedData<float>(info[1], "dy", static_cast<size_t>(g.ySize()));
  float* dw = typedData<float>(info[3], "dw", static_cast<size_t>(g.filterSize()));
  guarded(env, "conv2dBackpropFilter", [&] { conv2dBackpropFilterCpu(g, x, dy, dw); });
  return env.Undefined();
}

Napi::Value DeviceConv2d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ConvGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "conv2d", [&] {
    const float* x = deviceData<float>(info[0], "x", g.xSize());
    const float* w = deviceData<float>(info[1], "filter", g.filterSize());
    float* y = deviceData<float>(info[2], "y", g.ySize());
    const EpilogueArgs e = deviceEpilogueArg(info, 4);
    conv2dDevice(g, x, w, y, e, "conv2d");
  });
  return env.Undefined();
}

Napi::Value DeviceConv2dBackpropInput(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ConvGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "conv2dBackpropInput", [&] {
    const float* dy = deviceData<float>(info[0], "dy", g.ySize());
    const float* w = deviceData<float>(info[1], "filter", g.filterSize());
    float* dx = deviceData<float>(info[2], "dx", g.xSize());
    conv2dBackpropInputDevice(g, dy, w, dx, "conv2dBackpropInput");
  });
  return env.Undefined();
}

Napi::Value DeviceConv2dBackpropFilter(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ConvGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "conv2dBackpropFilter", [&] {
    const float* x = deviceData<float>(info[0], "x", g.xSize());
    const float* dy = deviceData<float>(info[1], "dy", g.ySize());
    float* dw = deviceData<float>(info[2], "dw", g.filterSize());
    conv2dBackpropFilterDevice(g, x, dy, dw, "conv2dBackpropFilter");
  });
  return env.Undefined();
}

Napi::Value DeviceConvPath(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ConvGeometry g = geometryArg(info[0]);
  std::string path;
  deviceGuarded(env, "convPath", [&] { path = convPath(g); });
  return Napi::String::New(env, path);
}

}  // namespace

void initConv2DBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "conv2d", Conv2d);
  setFunction(env, exports, "conv2dBackpropInput", Conv2dBackpropInput);
  setFunction(env, exports, "conv2dBackpropFilter", Conv2dBackpropFilter);
  setDeviceFunction(env, exports, "conv2d", DeviceConv2d);
  setDeviceFunction(env, exports, "conv2dBackpropInput", DeviceConv2dBackpropInput);
  setDeviceFunction(env, exports, "conv2dBackpropFilter", DeviceConv2dBackpropFilter);
  setDeviceFunction(env, exports, "convPath", DeviceConvPath);
}

}  // namespace simsiam
