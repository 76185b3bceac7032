// BatchNorm training forward and backward over x as [M, C] (kernels/BatchNormTraining.h):
//   batchNormTraining(x, M, C, gamma, beta, epsilon, y, mean, variance)
//   batchNormTrainingGrad(dy, x, M, C, gamma, mean, variance, dMean|null, dVariance|null, epsilon, dx, dgamma, dbeta)
// and their phases for SyncBatchNorm (sums in Float64Array):
//   batchNormSums(x, M, C, center|null, sums)   batchNormApply(x, M, C, gamma, beta, mean, variance, epsilon, y)
//   batchNormGradSums(dy, x, M, C, mean, variance, epsilon, sums)
//   batchNormGradApply(dy, x, M, C, gamma, mean, variance, sums, count, dMean|null, dVariance|null, epsilon, dx)
// host arrays; device.batchNormTraining / device.batchNormTrainingGrad take the
// same arguments as buffer ids. The CUDA kernels' workspace comes from the
// device pool and is released right after the launch (stream-ordered).
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/BatchNormTraining.h"

namespace simsiam {
namespace {

// x as [M, C] from info[at], info[at + 1]: M rows of C channels, n = M * C elements.
struct RowsOfChannels {
  int64_t M, C, n;
};
RowsOfChannels rowsOfChannels(const Napi::CallbackInfo& info, size_t at) {
  const int64_t M = intArg(info[at], "M", 1, kMaxElements), C = intArg(info[at + 1], "C", 1, int32_t{0x7fffffff});
  return {M, C, mulSize(info.Env(), M, C)};
}

Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) NAPI_THROW(Napi::TypeError::New(env, "native: batchNormTraining takes 9 arguments"), env.Null());
  const RowsOfChannels s = rowsOfChannels(info, 1);
  const int64_t M = s.M, C = s.C;
  const size_t n = static_cast<size_t>(s.n), c = static_cast<size_t>(C);
  const float* x = typedData<float>(info[0], "x", n);
  const float* gamma = typedData<float>(info[3], "gamma", c);
  const float* beta = typedData<float>(info[4], "beta", c);
  float* y = typedData<float>(info[6], "y", n);
  float* mean = typedData<float>(info[7], "mean", c);
  float* variance = typedData<float>(info[8], "variance", c);
  if (env.IsExceptionPending()) return env.Null();
  batchNormTrainingCpu(x, M, C, gamma, beta, static_cast<float>(info[5].As<Napi::Number>().DoubleValue()), y, mean, variance);
  return env.Undefined();
}

Napi::Value BatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 13) NAPI_THROW(Napi::TypeError::New(env, "native: batchNormTrainingGrad takes 13 arguments"), env.Null());
  const RowsOfChannels s = rowsOfChannels(info, 2);
  const int64_t M = s.M, C = s.C;
  const size_t n = static_cast<size_t>(s.n), c = static_cast<size_t>(C);
  const float* dy = typedData<float>(info[0], "dy", n);
  const float* x = typedData<float>(info[1], "x", n);
  const float* gamma = typedData<float>(info[4], "gamma", c);
  const float* mean = typedData<float>(info[5], "mean", c);
  const float* variance = typedData<float>(info[6], "variance", c);
  const float* dMean = info[7].IsNull() ? nullptr : typedData<float>(info[7], "dMean", c);
  const float* dVariance = info[8].IsNull() ? nullptr : typedData<float>(info[8], "dVariance", c);
  float* dx = typedData<float>(info[10], "dx", n);
  float* dgamma = typedData<float>(info[11], "dgamma", c);
  float* dbeta = typedData<float>(info[12], "dbeta", c);
  if (env.IsExceptionPending()) return env.Null();
  batchNormTrainingGradCpu(dy, x, M, C, gamma, mean, variance, dMean, dVariance,
                           static_cast<float>(info[9].As<Napi::Number>().DoubleValue()), dx, dgamma, dbeta);
  return env.Undefined();
}

// The phases, for SyncBatchNorm (kernels/BatchNormTraining.h); host arrays, sums as Float64Array.
Napi::Value BatchNormSums(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const RowsOfChannels s = rowsOfChannels(info, 1);
  const int64_t M = s.M, C = s.C, n = s.n;
  const size_t c = static_cast<size_t>(C);
  const float* x = typedData<float>(info[0], "x", static_cast<size_t>(n));
  const float* center = info[3].IsNull() ? nullptr : typedData<float>(info[3], "center", c);
  double* sums = typedData<double>(info[4], "sums", c);
  if (env.IsExceptionPending()) return env.Null();
  batchNormSumsCpu(x, M, C, center, sums);
  return env.Undefined();
}

Napi::Value BatchNormApply(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const RowsOfChannels s = rowsOfChannels(info, 1);
  const int64_t M = s.M, C = s.C;
  const size_t n = static_cast<size_t>(s.n), c = static_cast<size_t>(C);
  const float* x = typedData<float>(info[0], "x", n);
  const float* gamma = typedData<float>(info[3], "gamma", c);
  const float* beta = typedData<float>(info[4], "beta", c);
  const float* mean = typedData<float>(info[5], "mean", c);
  const float* variance = typedData<float>(info[6], "variance", c);
  const float epsilon = static_cast<float>(numberArg(info[7], "epsilon"));
  float* y = typedData<float>(info[8], "y", n);
  if (env.IsExceptionPending()) return env.Null();
  batchNormApplyCpu(x, M, C, gamma, beta, mean, variance, epsilon, y);
  return env.Undefined();
}

Napi::Value BatchNormGradSums(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const RowsOfChannels s = rowsOfChannels(info, 2);
  const int64_t M = s.M, C = s.C;
  const size_t n = static_cast<size_t>(s.n), c = static_cast<size_t>(C);
  const float* dy = typedData<float>(info[0], "dy", n);
  const float* x = typedData<float>(info[1], "x", n);
  const float* mean = typedData<float>(info[4], "mean", c);
  const float* variance = typedData<float>(info[5], "variance", c);
  const float epsilon = static_cast<float>(numberArg(info[6], "epsilon"));
  double* sums = typedData<double>(info[7], "sums", 2 * c);
  if (env.IsExceptionPending()) return env.Null();
  batchNormGradSumsCpu(dy, x, M, C, mean, variance, epsilon, sums);
  return env.Undefined();
}

Napi::Value BatchNormGradApply(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 13) NAPI_THROW(Napi::TypeError::New(env, "native: batchNormGradApply takes 13 arguments"), env.Null());
  const RowsOfChannels s = rowsOfChannels(info, 2);
  const int64_t M = s.M, C = s.C;
  const size_t n = static_cast<size_t>(s.n), c = static_cast<size_t>(C);
  const float* dy = typedData<float>(info[0], "dy", n);
  const float* x = typedData<float>(info[1], "x", n);
  const float* gamma = typedData<float>(info[4], "gamma", c);
  const float* mean = typedData<float>(info[5], "mean", c);
  const float* variance = typedData<float>(info[6], "variance", c);
  const double* sums = typedData<double>(info[7], "sums", 2 * c);
  const double count = numberArg(info[8], "count");
  const float* dMean = info[9].IsNull() ? nullptr : typedData<float>(info[9], "dMean", c);
  const float* dVariance = info[10].IsNull() ? nullptr : typedData<float>(info[10], "dVariance", c);
  const float epsilon = static_cast<float>(numberArg(info[11], "epsilon"));
  float* dx = typedData<float>(info[12], "dx", n);
  if (env.IsExceptionPending()) return env.Null();
  if (!(count >= 1)) rangeError(env, "batchNormGradApply: count must be at least 1");
  batchNormGradApplyCpu(dy, x, M, C, gamma, mean, variance, sums, count, dMean, dVariance, epsilon, dx);
  return env.Undefined();
}

Napi::Value DeviceBatchNormTraining(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const RowsOfChannels s = rowsOfChannels(info, 1);
  const int64_t M = s.M, C = s.C, n = s.n;
  const float epsilon = static_cast<float>(numberArg(info[5], "epsilon"));
  deviceGuarded(env, "batchNormTraining", [&] {
    const float* x = deviceData<float>(info[0], "x", n);
    const float* gamma = deviceData<float>(info[3], "gamma", C);
    const float* beta = deviceData<float>(info[4], "beta", C);
    float* y = deviceData<float>(info[6], "y", n);
    float* mean = deviceData<float>(info[7], "mean", C);
    float* variance = deviceData<float>(info[8], "variance", C);
    device::launch(
        "BatchNormTraining", [&] { batchNormTrainingCpu(x, M, C, gamma, beta, epsilon, y, mean, variance); },
        [&](void* s) {
          // Only the CUDA kernel needs workspace; released once the launch is enqueued.
          const int64_t wsCount = batchNormTrainingWorkspace(M, C);
          device::Scratch ws(static_cast<size_t>(wsCount) * sizeof(float), "BatchNormTraining");
          [[maybe_unused]] float* w = ws.data<float>(wsCount);
          return SIMSIAM_CUDA_ONLY(batchNormTrainingCuda(x, M, C, gamma, beta, epsilon, y, mean, variance, w, s));
        });
  });
  return env.Undefined();
}

Napi::Value DeviceBatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const RowsOfChannels s = rowsOfChannels(info, 2);
  const int64_t M = s.M, C = s.C, n = s.n;
  const float epsilon = static_cast<float>(numberArg(info[9], "epsilon"));
  deviceGuarded(env, "batchNormTrainingGrad", [&] {
    const float* dy = deviceData<float>(info[0], "dy", n);
    const float* x = deviceData<float>(info[1], "x", n);
    const float* gamma = deviceData<float>(info[4], "gamma", C);
    const float* mean = deviceData<float>(info[5], "mean", C);
    const float* variance = deviceData<float>(info[6], "variance", C);
    const float* dMean = optionalDeviceData<float>(info[7], "dMean", C);
    const float* dVariance = optionalDeviceData<float>(info[8], "dVariance", C);
    float* dx = deviceData<float>(info[10], "dx", n);
    float* dgamma = deviceData<float>(info[11], "dgamma", C);
    float* dbeta = deviceData<float>(info[12], "dbeta", C);
    device::launch(
        "BatchNormTrainingGrad",
        [&] { batchNormTrainingGradCpu(dy, x, M, C, gamma, mean, variance, dMean, dVariance, epsilon, dx, dgamma, dbeta); },
        [&](void* s) {
          const int64_t wsCount = batchNormTrainingWorkspace(M, C);
          device::Scratch ws(static_cast<size_t>(wsCount) * sizeof(float), "BatchNormTrainingGrad");
          [[maybe_unused]] float* w = ws.data<float>(wsCount);
          return SIMSIAM_CUDA_ONLY(batchNormTrainingGradCuda(dy, x, M, C, gamma, mean, variance, dMean, dVariance,
                                                             epsilon, dx, dgamma, dbeta, w, s));
        });
  });
  return env.Undefined();
}

}  // namespace

void initBatchNormTrainingBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "batchNormTraining", BatchNormTraining);
  setFunction(env, exports, "batchNormTrainingGrad", BatchNormTrainingGrad);
  setFunction(env, exports, "batchNormSums", BatchNormSums);
  setFunction(env, exports, "batchNormApply", BatchNormApply);
  setFunction(env, exports, "batchNormGradSums", BatchNormGradSums);
  setFunction(env, exports, "batchNormGradApply", BatchNormGradApply);
  setDeviceFunction(env, exports, "batchNormTraining", DeviceBatchNormTraining);
  setDeviceFunction(env, exports, "batchNormTrainingGrad", DeviceBatchNormTrainingGrad);
}

}  // namespace simsiam
