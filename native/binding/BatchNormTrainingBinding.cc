// batchNormTraining(x, M, C, gamma, beta, epsilon, y, mean, variance)
// batchNormTrainingGrad(dy, x, M, C, gamma, mean, variance, dMean|null, dVariance|null, epsilon, dx, dgamma, dbeta)
#include <napi.h>

#include "binding/Bindings.h"
#include "binding/NapiArgs.h"
#include "kernels/BatchNormTraining.h"

namespace simsiam {
namespace {

Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) NAPI_THROW(Napi::TypeError::New(env, "native: batchNormTraining takes 9 arguments"), env.Null());
  const int64_t M = intArg(info[1], "M", 1, int64_t{1} << 40), C = intArg(info[2], "C", 1, int64_t{1} << 31);
  const size_t n = static_cast<size_t>(M * C), c = static_cast<size_t>(C);
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
  const int64_t M = intArg(info[2], "M", 1, int64_t{1} << 40), C = intArg(info[3], "C", 1, int64_t{1} << 31);
  const size_t n = static_cast<size_t>(M * C), c = static_cast<size_t>(C);
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

}  // namespace

void initBatchNormBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("batchNormTraining", Napi::Function::New(env, BatchNormTraining, "batchNormTraining"));
  exports.Set("batchNormTrainingGrad", Napi::Function::New(env, BatchNormTrainingGrad, "batchNormTrainingGrad"));
}

}  // namespace simsiam
