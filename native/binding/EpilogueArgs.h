// The bias / PReLU / activation arguments of the fused products and
// convolutions (conv2d, batchMatMul), shared by Conv2DBinding.cc and
// MatMulBinding.cc: host arrays for the CPU kernels (gemm/Epilogue.h), buffer
// ids and an epilogue record for the device (kernels/LinalgOps.h).
#pragma once
#include <napi.h>

#include <string>

#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "gemm/Epilogue.h"
#include "kernels/LinalgOps.h"

namespace simsiam {

// info[at..at+3]: bias, prelu (null or a Float32Array of 1 or N values),
// activation, leakyAlpha; for N columns.
inline Epilogue hostEpilogueArg(const Napi::CallbackInfo& info, size_t at, int64_t N) {
  Napi::Env env = info.Env();
  Epilogue ep;
  auto perColumn = [&](const Napi::Value& v, const char* name, int64_t* len) -> const float* {
    if (v.IsNull() || v.IsUndefined()) return nullptr;
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

// info[at..at+2]: bias, prelu (null or a buffer id), epilogue: Float64Array
// [activation, leakyAlpha, biasInner, biasPeriod, preluInner, preluPeriod].
inline EpilogueArgs deviceEpilogueArg(const Napi::CallbackInfo& info, size_t at) {
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

}  // namespace simsiam
