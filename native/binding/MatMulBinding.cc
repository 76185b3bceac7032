// BatchMatMul / _FusedMatMul (kernels/MatMul.h on the host,
// kernels/LinalgDevice.h on the device): c[i] = act(op(a[aIndex[i]]) op(b[bIndex[i]]) + bias)
//   batchMatMul(a, b, c, dims, aIndex, bIndex, bias, prelu, activation, leakyAlpha)   host arrays
//     bias/prelu: null or a Float32Array of 1 or N values
//   device.batchMatMul(a, b, c, dims, aIndex, bIndex, bias, prelu, epilogue)          buffer ids
//     bias/prelu: null or a buffer id; epilogue: EpilogueArgs.h
// dims: Int32Array [batch, M, N, K, transA, transB]; aIndex/bIndex: Int32Array [batch].
#include <napi.h>

#include <algorithm>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/EpilogueArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/LinalgDevice.h"
#include "kernels/MatMul.h"

namespace simsiam {
namespace {

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
  const Epilogue ep = hostEpilogueArg(info, 6, s.N);
  guarded(env, "batchMatMul", [&] { batchMatMulCpu(s, a, aIndex, b, bIndex, c, ep); });
  return env.Undefined();
}

Napi::Value DeviceBatchMatMul(const Napi::CallbackInfo& info) {
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
    const EpilogueArgs e = deviceEpilogueArg(info, 6);
    batchMatMulDevice(s, a, aIndex, b, bIndex, c, e, "batchMatMul");
  });
  return env.Undefined();
}

}  // namespace

void initMatMulBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "batchMatMul", BatchMatMul);
  setDeviceFunction(env, exports, "batchMatMul", DeviceBatchMatMul);
}

}  // namespace simsiam
