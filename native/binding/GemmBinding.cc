// The plain GEMMs, for tests and benchmarks (gemm/Gemm.h on the host,
// kernels/LinalgDevice.h on the device):
//   sgemm(transA, transB, M, N, K, a, b, c, reference)   host arrays; reference: the
//     plain triple loop instead of the blocked GEMM
//   gemmConfig() -> { mr, nr, nrMin, kc, isa }           the host GEMM of this CPU path
//     (nrMin: its narrowest B panel)
//   device.sgemm(a, b, c, dims [M, N, K, transA, transB], tiled)   buffer ids;
//     tiled: the tiled CUDA SGEMM even where cuBLAS is found
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "gemm/Gemm.h"
#include "kernels/LinalgDevice.h"

namespace simsiam {
namespace {

constexpr int64_t kMaxDim = int64_t{1} << 31;

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
  const GemmTile t = gemmTile();
  o.Set("mr", t.mr);
  o.Set("nr", t.nr);
  o.Set("nrMin", t.nrMin);
  o.Set("kc", static_cast<double>(kGemmKC));
  o.Set("isa", t.isa);
  return o;
}

Napi::Value DeviceSgemm(const Napi::CallbackInfo& info) {
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

}  // namespace

void initGemmBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "sgemm", Sgemm);
  setFunction(env, exports, "gemmConfig", GemmConfig);
  setDeviceFunction(env, exports, "sgemm", DeviceSgemm);
}

}  // namespace simsiam
