// native.device matrix products and convolutions (kernels/LinalgDevice.h):
//   batchMatMul(a, b, c, dims, aIndex, bIndex, bias, prelu, epilogue)
//     dims: Int32Array [batch, M, N, K, transA, transB]; aIndex/bIndex: Int32Array [batch]
//   conv2d(x, filter, y, geometry, bias, prelu, epilogue)
//   conv2dBackpropInput(dy, filter, dx, geometry)
//   conv2dBackpropFilter(x, dy, dw, geometry)
//     geometry: Int32Array in ConvGeometry's field order (the forward convolution)
//   bias/prelu: null or a buffer id; epilogue: Float64Array
//     [activation, leakyAlpha, biasInner, biasPeriod, preluInner, preluPeriod] (LinalgOps.h)
//   sgemm(a, b, c, dims [M, N, K, transA, transB], tiled)  the plain GEMM (tests: tiled vs cuBLAS)
//   libraries() -> { cublas: {path, version} | {error}, cudnn: ... }
//   setTf32(on), tf32(), setLibrariesEnabled(cublas, cudnn), convPath(geometry)
#include <napi.h>

#include <algorithm>
#include <string>

#include "binding/Bindings.h"
#include "binding/device/DeviceArgs.h"
#include "device/CudaLibraries.h"
#include "kernels/LinalgDevice.h"

namespace simsiam {
namespace {

constexpr int64_t kMaxElements = int64_t{1} << 40;

[[noreturn]] void rangeError(Napi::Env env, const std::string& what) {
  throw Napi::RangeError::New(env, "native: " + what);
}

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

// Bias / PReLU buffers and the epilogue numbers at info[at..at+2].
EpilogueArgs epilogueArg(const Napi::CallbackInfo& info, size_t at) {
  Napi::Env env = info.Env();
  const double* p = typedData<double>(info[at + 2], "epilogue", 6);
  EpilogueArgs e;
  if (!(p[0] >= 0 && p[0] <= 6 && p[0] == static_cast<int>(p[0]))) rangeError(env, "activation out of range");
  e.act = static_cast<int>(p[0]);
  e.leakyAlpha = static_cast<float>(p[1]);
  auto positive = [&](double d, const char* name) {
    if (!(d >= 1 && d <= static_cast<double>(kMaxElements) && d == static_cast<double>(static_cast<int64_t>(d))))
      rangeError(env, std::string(name) + " out of range");
    return static_cast<int64_t>(d);
  };
  e.biasInner = positive(p[2], "biasInner");
  e.biasPeriod = positive(p[3], "biasPeriod");
  e.preluInner = positive(p[4], "preluInner");
  e.preluPeriod = positive(p[5], "preluPeriod");
  e.bias = optionalDeviceData<float>(info[at], "bias", e.biasPeriod);
  e.prelu = optionalDeviceData<float>(info[at + 1], "prelu", e.preluPeriod);
  if (e.act == 5 && !e.prelu) throw Napi::TypeError::New(env, "native: prelu needs weights");
  return e;
}

Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int32_t* d = typedData<int32_t>(info[3], "dims", 6);
  const MatMulShape s{d[0], d[1], d[2], d[3], d[4] != 0, d[5] != 0};
  if (s.batch < 1 || s.M < 1 || s.N < 1 || s.K < 1) rangeError(env, "batchMatMul dims must be >= 1");
  if (s.M * s.N > kMaxElements / s.batch || s.M * s.K > kMaxElements || s.K * s.N > kMaxElements)
    rangeError(env, "batchMatMul too large");
  const size_t n = static_cast<size_t>(s.batch);
  const int32_t* aIndex = typedData<int32_t>(info[4], "aIndex", n);
  const int32_t* bIndex = typedData<int32_t>(info[5], "bIndex", n);
  int64_t aCount = 0, bCount = 0;
  for (size_t i = 0; i < n; ++i) {
    if (aIndex[i] < 0 || bIndex[i] < 0) rangeError(env, "negative batch index");
    aCount = std::max<int64_t>(aCount, aIndex[i] + 1);
    bCount = std::max<int64_t>(bCount, bIndex[i] + 1);
  }
  deviceGuarded(env, "batchMatMul", [&] {
    const float* a = deviceData<float>(info[0], "a", aCount * s.M * s.K);
    const float* b = deviceData<float>(info[1], "b", bCount * s.K * s.N);
    float* c = deviceData<float>(info[2], "c", s.batch * s.M * s.N);
    const EpilogueArgs e = epilogueArg(info, 6);
    batchMatMulDevice(s, a, aIndex, b, bIndex, c, e, "batchMatMul");
  });
  return env.Undefined();
}

Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ConvGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "conv2d", [&] {
    const float* x = deviceData<float>(info[0], "x", g.xSize());
    const float* w = deviceData<float>(info[1], "filter", g.filterSize());
    float* y = deviceData<float>(info[2], "y", g.ySize());
    const EpilogueArgs e = epilogueArg(info, 4);
    conv2dDevice(g, x, w, y, e, "conv2d");
  });
  return env.Undefined();
}

Napi::Value Conv2dBackpropInput(const Napi::CallbackInfo& info) {
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

Napi::Value Conv2dBackpropFilter(const Napi::CallbackInfo& info) {
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

Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int32_t* d = typedData<int32_t>(info[3], "dims", 5);
  const int64_t M = d[0], N = d[1], K = d[2];
  if (M < 1 || N < 1 || K < 0) rangeError(env, "sgemm dims out of range");
  const bool transA = d[3] != 0, transB = d[4] != 0, tiled = info[4].ToBoolean();
  deviceGuarded(env, "sgemm", [&] {
    const float* a = deviceData<float>(info[0], "a", M * K);
    const float* b = deviceData<float>(info[1], "b", K * N);
    float* c = deviceData<float>(info[2], "c", M * N);
    gemmDevice(rowMajor(transA, transB, M, N, K, false), a, b, c, "sgemm", tiled ? GemmImpl::kTiled : GemmImpl::kAuto);
  });
  return env.Undefined();
}

Napi::Object libraryObject(Napi::Env env, const cudalibs::LibraryInfo& i) {
  Napi::Object o = Napi::Object::New(env);
  if (i.loaded && i.error.empty()) {
    o.Set("path", i.path);
    o.Set("version", i.version);
  } else {
    o.Set("error", i.error);
  }
  return o;
}

Napi::Value Libraries(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("cublas", libraryObject(env, cudalibs::cublasInfo()));
  o.Set("cudnn", libraryObject(env, cudalibs::cudnnInfo()));
  return o;
}

Napi::Value SetTf32(const Napi::CallbackInfo& info) {
  cudalibs::setTf32(info[0].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value Tf32(const Napi::CallbackInfo& info) { return Napi::Boolean::New(info.Env(), cudalibs::tf32()); }

Napi::Value SetLibrariesEnabled(const Napi::CallbackInfo& info) {
  cudalibs::disable(!info[0].ToBoolean(), !info[1].ToBoolean());
  return info.Env().Undefined();
}

Napi::Value ConvPath(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const ConvGeometry g = geometryArg(info[0]);
  std::string path;
  deviceGuarded(env, "convPath", [&] { path = convPath(g); });
  return Napi::String::New(env, path);
}

void initLinalgDeviceBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "batchMatMul", BatchMatMul);
  setDeviceFunction(env, exports, "conv2d", Conv2d);
  setDeviceFunction(env, exports, "conv2dBackpropInput", Conv2dBackpropInput);
  setDeviceFunction(env, exports, "conv2dBackpropFilter", Conv2dBackpropFilter);
  setDeviceFunction(env, exports, "sgemm", Sgemm);
  setDeviceFunction(env, exports, "libraries", Libraries);
  setDeviceFunction(env, exports, "setTf32", SetTf32);
  setDeviceFunction(env, exports, "tf32", Tf32);
  setDeviceFunction(env, exports, "setLibrariesEnabled", SetLibrariesEnabled);
  setDeviceFunction(env, exports, "convPath", ConvPath);
}

}  // namespace

SIMSIAM_BINDING(initLinalgDeviceBinding);

}  // namespace simsiam
