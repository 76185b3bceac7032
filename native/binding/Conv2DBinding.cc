// Native kernels for tfjs's cpu backend (src/kernels/cpu/*.ts). Arrays are the
// backend's own Float32Arrays; outputs are written in place.
//   conv2d(x, filter, geometry, y, bias, prelu, activation, leakyAlpha)
//   conv2dBackpropInput(dy, filter, geometry, dx)
//   conv2dBackpropFilter(x, dy, geometry, dw)
//     geometry: Int32Array in ConvGeometry's field order (forward convolution)
//   batchMatMul(a, b, c, dims, aIndex, bIndex, bias, prelu, activation, leakyAlpha)
//     dims: [batch, M, N, K, transA, transB]; aIndex/bIndex: Int32Array [batch]
//   sgemm(transA, transB, M, N, K, a, b, c, reference)  (tests and benchmarks)
//   gemmConfig() -> { mr, nr, kc, isa }
// bias/prelu: null or a Float32Array of 1 or N (output channels) values.
#include <napi.h>

#include <algorithm>
#include <exception>
#include <string>

#include "binding/Bindings.h"
#include "binding/NapiArgs.h"
#include "gemm/Gemm.h"
#include "kernels/Conv2D.h"
#include "kernels/MatMul.h"

namespace simsiam {
namespace {

constexpr int64_t kMaxDim = int64_t{1} << 31;
constexpr int64_t kMaxElements = int64_t{1} << 40;

bool isNullish(const Napi::Value& v) { return v.IsNull() || v.IsUndefined(); }

ConvGeometry geometryArg(const Napi::Value& v) {
  const int32_t* f = typedData<int32_t>(v, "geometry", ConvGeometry::kFields);
  ConvGeometry g{f[0], f[1], f[2], f[3], f[4], f[5], f[6], f[7], f[8], f[9], f[10], f[11], f[12], f[13], f[14]};
  const int64_t positive[] = {g.batch, g.inH, g.inW, g.inC, g.outH, g.outW, g.outC, g.filterH, g.filterW,
                              g.strideH, g.strideW, g.dilationH, g.dilationW};
  for (int64_t d : positive)
    if (d < 1) throw Napi::RangeError::New(v.Env(), "native: geometry sizes, strides and dilations must be >= 1");
  for (int64_t n : {g.xSize(), g.ySize(), g.filterSize(), g.pixels() * g.depth()})
    if (n > kMaxElements) throw Napi::RangeError::New(v.Env(), "native: convolution too large");
  return g;
}

// Bias, PReLU weights and activation of the fused kernels, for N columns.
Epilogue epilogueArgs(const Napi::CallbackInfo& info, size_t at, int64_t N) {
  Napi::Env env = info.Env();
  Epilogue ep;
  auto perColumn = [&](const Napi::Value& v, const char* name, int64_t* len) -> const float* {
    if (isNullish(v)) return nullptr;
    const float* p = typedData<float>(v, name, 1);
    *len = static_cast<int64_t>(v.As<Napi::TypedArray>().ElementLength());
    if (*len != 1 && *len != N) throw Napi::RangeError::New(env, std::string("native: ") + name + " needs 1 or N values");
    return p;
  };
  ep.bias = perColumn(info[at], "bias", &ep.biasLen);
  ep.prelu = perColumn(info[at + 1], "prelu", &ep.preluLen);
  ep.act = static_cast<Activation>(intArg(info[at + 2], "activation", 0, kActivationCount - 1));
  if (!info[at + 3].IsNumber()) throw Napi::TypeError::New(env, "native: expected a number for leakyAlpha");
  ep.leakyAlpha = static_cast<float>(info[at + 3].As<Napi::Number>().DoubleValue());
  if (ep.act == Activation::kPrelu && !ep.prelu) throw Napi::TypeError::New(env, "native: prelu needs weights");
  return ep;
}

Napi::Value Conv2d(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 8) throw Napi::TypeError::New(env, "native: conv2d(x, filter, geometry, y, bias, prelu, activation, leakyAlpha)");
  const ConvGeometry g = geometryArg(info[2]);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(g.xSize()));
  const float* w = typedData<float>(info[1], "filter", static_cast<size_t>(g.filterSize()));
  float* y = typedData<float>(info[3], "y", static_cast<size_t>(g.ySize()));
  const Epilogue ep = epilogueArgs(info, 4, g.outC);
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

Napi::Value BatchMatMul(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 10)
    throw Napi::TypeError::New(env, "native: batchMatMul(a, b, c, dims, aIndex, bIndex, bias, prelu, activation, leakyAlpha)");
  const int32_t* d = typedData<int32_t>(info[3], "dims", 6);
  const MatMulShape s{d[0], d[1], d[2], d[3], d[4] != 0, d[5] != 0};
  if (s.batch < 1 || s.M < 1 || s.N < 1 || s.K < 1 || s.batch * s.M * s.N > kMaxElements)
    throw Napi::RangeError::New(env, "native: batchMatMul dims must be >= 1");
  const size_t n = static_cast<size_t>(s.batch);
  const int32_t* aIndex = typedData<int32_t>(info[4], "aIndex", n);
  const int32_t* bIndex = typedData<int32_t>(info[5], "bIndex", n);
  int64_t aCount = 0, bCount = 0;  // matrices each array must hold
  for (size_t i = 0; i < n; ++i) {
    if (aIndex[i] < 0 || bIndex[i] < 0) throw Napi::RangeError::New(env, "native: negative batch index");
    aCount = std::max<int64_t>(aCount, aIndex[i] + 1);
    bCount = std::max<int64_t>(bCount, bIndex[i] + 1);
  }
  const float* a = typedData<float>(info[0], "a", static_cast<size_t>(aCount * s.M * s.K));
  const float* b = typedData<float>(info[1], "b", static_cast<size_t>(bCount * s.K * s.N));
  float* c = typedData<float>(info[2], "c", static_cast<size_t>(s.batch * s.M * s.N));
  const Epilogue ep = epilogueArgs(info, 6, s.N);
  guarded(env, "batchMatMul", [&] { batchMatMulCpu(s, a, aIndex, b, bIndex, c, ep); });
  return env.Undefined();
}

Napi::Value Sgemm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) throw Napi::TypeError::New(env, "native: sgemm(transA, transB, M, N, K, a, b, c, reference)");
  const bool transA = info[0].ToBoolean(), transB = info[1].ToBoolean(), reference = info[8].ToBoolean();
  const int64_t M = intArg(info[2], "M", 1, kMaxDim), N = intArg(info[3], "N", 1, kMaxDim);
  const int64_t K = intArg(info[4], "K", 0, kMaxDim);
  if (M * N > kMaxElements || M * K > kMaxElements || K * N > kMaxElements)
    throw Napi::RangeError::New(env, "native: sgemm too large");
  const float* a = typedData<float>(info[5], "a", static_cast<size_t>(M * K));
  const float* b = typedData<float>(info[6], "b", static_cast<size_t>(K * N));
  float* c = typedData<float>(info[7], "c", static_cast<size_t>(M * N));
  const int64_t lda = transA ? M : K, ldb = transB ? K : N;
  guarded(env, "sgemm", [&] {
    if (reference)
      gemmReference(transA, transB, M, N, K, a, lda, b, ldb, c, N);
    else
      gemm(MatrixA(a, lda, transA), MatrixB(b, ldb, transB), M, N, K, c, N, false);
  });
  return env.Undefined();
}

Napi::Value GemmConfig(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  Napi::Object o = Napi::Object::New(env);
  o.Set("mr", kGemmMR);
  o.Set("nr", kGemmNR);
  o.Set("kc", static_cast<double>(kGemmKC));
#if defined(__AVX512F__)
  o.Set("isa", "avx512f");
#elif defined(__AVX2__) && defined(__FMA__)
  o.Set("isa", "avx2+fma");
#else
  o.Set("isa", "portable");
#endif
  return o;
}

}  // namespace

void initCpuKernelsBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("conv2d", Napi::Function::New(env, Conv2d, "conv2d"));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2dBackpropInput, "conv2dBackpropInput"));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2dBackpropFilter, "conv2dBackpropFilter"));
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul, "batchMatMul"));
  exports.Set("sgemm", Napi::Function::New(env, Sgemm, "sgemm"));
  exports.Set("gemmConfig", Napi::Function::New(env, GemmConfig, "gemmConfig"));
}

}  // namespace simsiam
