// augment(images, heights, widths, config, seed, out1, out2, params, async)
//   The CPU kernels (host buffers); on the `cuda` backend the views are made
//   by native.device.augmentImages (device/FusedDeviceBinding.cc) instead.
//   images: Uint8Array[] (RGB8, one per image); heights/widths: Int32Array;
//   config: AugmentConfig fields by name; seed: integer < 2^53;
//   out1/out2: Float32Array [n*S*S*3];
//   params: Float64Array [2*n*kParamFields] or null.
//   async: true -> Promise resolved off the main thread (AsyncWorker).
#include <napi.h>

#include <memory>
#include <string>
#include <vector>

#include "binding/AugmentArgs.h"
#include "binding/Bindings.h"
#include "binding/NapiArgs.h"
#include "kernels/SimSiamAugment.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace {

constexpr int kParamFields = kAugmentParamFields;

// Everything Execute() needs, extracted on the main thread: no N-API inside.
struct AugmentJob {
  std::vector<ImageRef> images;
  AugmentConfig cfg;
  uint64_t seed = 0;
  float* out[2] = {nullptr, nullptr};
  double* paramsOut = nullptr;
  std::vector<ViewParams> params[2];
  std::string error;

  void sample() {
    const int64_t n = static_cast<int64_t>(images.size());
    for (int v = 0; v < 2; ++v) params[v].resize(static_cast<size_t>(n));
    parallelFor(n, 256, [&](int64_t b, int64_t e) {
      for (int64_t i = b; i < e; ++i)
        for (int v = 0; v < 2; ++v)
          params[v][i] = sampleViewParams(seed, i, v, images[i].height, images[i].width, cfg);
    });
  }

  void run() {
    sample();
    const int64_t n = static_cast<int64_t>(images.size());
    for (int v = 0; v < 2; ++v) augmentViewsCpu(images.data(), params[v].data(), n, cfg, out[v]);
    if (paramsOut) writeParams(n);
  }

  void writeParams(int64_t n) {
    for (int v = 0; v < 2; ++v)
      for (int64_t i = 0; i < n; ++i) writeViewParams(params[v][i], paramsOut + (v * n + i) * kParamFields);
  }
};

// Fills job.images and job.cfg; throws a JS error and returns false on misuse.
bool readImages(const Napi::CallbackInfo& info, AugmentJob& job) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray() || !info[3].IsObject())
    NAPI_THROW(Napi::TypeError::New(env, "native: augment(images[], heights, widths, config, seed, ...)"), false);
  Napi::Array images = info[0].As<Napi::Array>();
  const size_t n = images.Length();
  const int32_t* h = typedData<int32_t>(info[1], "heights", n);
  const int32_t* w = typedData<int32_t>(info[2], "widths", n);
  if (!h || !w) return false;
  job.cfg = readAugmentConfig(info[3].As<Napi::Object>());
  const int S = job.cfg.size;
  if (n == 0 || S < 1 || S > 8192 || blurKernelSize(S) / 2 >= S)
    NAPI_THROW(Napi::RangeError::New(env, "native: empty batch or bad output size"), false);
  job.seed = static_cast<uint64_t>(intArg(info[4], "seed", 0, (int64_t{1} << 53)));
  job.images.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (h[i] < 1 || w[i] < 1) NAPI_THROW(Napi::RangeError::New(env, "native: zero-sized image"), false);
    const size_t bytes = static_cast<size_t>(h[i]) * w[i] * 3;
    const uint8_t* d = typedData<uint8_t>(images.Get(static_cast<uint32_t>(i)), "image", bytes);
    if (!d) return false;
    job.images[i] = ImageRef{d, h[i], w[i]};
  }
  return !env.IsExceptionPending();
}

class AugmentWorker : public Napi::AsyncWorker {
 public:
  AugmentWorker(Napi::Env env, std::unique_ptr<AugmentJob> job, const Napi::CallbackInfo& info)
      : Napi::AsyncWorker(env, "simsiam:augment"), job_(std::move(job)), deferred_(Napi::Promise::Deferred::New(env)) {
    // Keep every buffer the job points into alive until the work is done.
    for (size_t i = 0; i < 8 && i < info.Length(); ++i)
      if (info[i].IsObject()) keep_.push_back(Napi::Persistent(info[i].As<Napi::Object>()));
  }
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override {
    job_->run();
    if (!job_->error.empty()) SetError(job_->error);
  }
  void OnOK() override { deferred_.Resolve(Env().Undefined()); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::unique_ptr<AugmentJob> job_;
  Napi::Promise::Deferred deferred_;
  std::vector<Napi::ObjectReference> keep_;
};

Napi::Value Augment(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 9) NAPI_THROW(Napi::TypeError::New(env, "native: augment takes 9 arguments"), env.Null());
  auto job = std::make_unique<AugmentJob>();
  if (!readImages(info, *job)) return env.Null();
  const size_t n = job->images.size();
  const size_t outLen = n * job->cfg.size * job->cfg.size * 3;
  job->out[0] = typedData<float>(info[5], "out1", outLen);
  job->out[1] = typedData<float>(info[6], "out2", outLen);
  if (!info[7].IsNull() && !info[7].IsUndefined())
    job->paramsOut = typedData<double>(info[7], "params", 2 * n * kParamFields);
  if (env.IsExceptionPending()) return env.Null();
  if (!info[8].ToBoolean()) {
    job->run();
    if (!job->error.empty()) NAPI_THROW(Napi::Error::New(env, job->error), env.Null());
    return env.Undefined();
  }
  auto* worker = new AugmentWorker(env, std::move(job), info);
  Napi::Promise p = worker->promise();
  worker->Queue();
  return p;
}

}  // namespace

void initAugmentBinding(Napi::Env env, Napi::Object exports) {
  exports.Set("augment", Napi::Function::New(env, Augment, "augment"));
  exports.Set("augmentParamFields", kParamFields);
}

}  // namespace simsiam
