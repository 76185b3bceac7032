// augment(images, heights, widths, config, seed, wantParams, async)
//     -> { view1, view2, params } (or a Promise of it when async)
//   The CPU kernels (host buffers); on the `cuda` backend the views are made
//   by native.device.augmentImages (device/FusedDeviceBinding.cc) instead.
//   images: Uint8Array[] (RGB8, one per image); heights/widths: Int32Array;
//   config: AugmentConfig fields by name; seed: integer < 2^53.
//   view1/view2: Float32Array [n*S*S*3]; params: Float64Array
//   [2*n*kParamFields] when wantParams, else null.
//   async: true -> Promise resolved off the main thread (AsyncWorker). The
//   job then works on a copy of the pixels and on output buffers no JS can
//   reach before it resolves: a caller's buffer may be transferred (detached)
//   and collected while the job runs.
#include <napi.h>

#include <cstring>
#include <memory>
#include <mutex>
#include <vector>

#include "binding/AugmentArgs.h"
#include "binding/Bindings.h"
#include "binding/NapiArgs.h"
#include "kernels/SimSiamAugment.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace {

constexpr int kParamFields = kAugmentParamFields;

// The async jobs' pixel copies. Most of a copy's cost is faulting in fresh
// pages, and training asks for same-sized batches over and over: the last
// freed block is kept for the next job (memory held: one batch's pixels, at
// most kMaxSpareBytes: a batch of large photos is not worth pinning).
constexpr size_t kMaxSpareBytes = size_t{64} << 20;

class PixelBlock {
 public:
  explicit PixelBlock(size_t bytes) {
    {
      std::lock_guard<std::mutex> lock(spareMutex());
      if (spare().data && spare().capacity >= bytes) std::swap(block_, spare());
    }
    if (!block_.data) block_ = {std::unique_ptr<uint8_t[]>(new uint8_t[bytes ? bytes : 1]), bytes};
  }
  ~PixelBlock() {
    if (block_.capacity > kMaxSpareBytes) return;
    std::lock_guard<std::mutex> lock(spareMutex());
    std::swap(block_, spare());  // the previous spare goes
  }
  uint8_t* data() const { return block_.data.get(); }

 private:
  struct Block {
    std::unique_ptr<uint8_t[]> data;
    size_t capacity = 0;
  };
  static std::mutex& spareMutex() {
    static std::mutex m;
    return m;
  }
  static Block& spare() {
    static Block b;
    return b;
  }
  Block block_;
};

// Everything Execute() needs, extracted on the main thread: no N-API inside.
struct AugmentJob {
  std::vector<ImageRef> images;
  std::unique_ptr<PixelBlock> pixels;  // the async job's own copy of the images
  AugmentConfig cfg;
  uint64_t seed = 0;
  float* out[2] = {nullptr, nullptr};
  double* paramsOut = nullptr;
  std::vector<ViewParams> params[2];

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

  // Points images at a copy of their pixels (one block, in order).
  void ownPixels() {
    size_t total = 0;
    std::vector<size_t> offsets(images.size());
    for (size_t i = 0; i < images.size(); ++i) {
      offsets[i] = total;
      total += static_cast<size_t>(images[i].height) * images[i].width * 3;
    }
    pixels = std::make_unique<PixelBlock>(total);
    for (size_t i = 0; i < images.size(); ++i) {
      const size_t bytes = (i + 1 < images.size() ? offsets[i + 1] : total) - offsets[i];
      std::memcpy(pixels->data() + offsets[i], images[i].data, bytes);
      images[i].data = pixels->data() + offsets[i];
    }
  }
};

// Fills job.images and job.cfg; throws a JS error on misuse.
void readImages(const Napi::CallbackInfo& info, AugmentJob& job) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray() || !info[3].IsObject())
    throw Napi::TypeError::New(env, "native: augment(images[], heights, widths, config, seed, wantParams, async)");
  Napi::Array images = info[0].As<Napi::Array>();
  const size_t n = images.Length();
  const int32_t* h = typedData<int32_t>(info[1], "heights", n);
  const int32_t* w = typedData<int32_t>(info[2], "widths", n);
  job.cfg = readAugmentConfig(info[3].As<Napi::Object>());
  const int S = job.cfg.size;
  if (n == 0 || S < 1 || S > 8192 || blurKernelSize(S) / 2 >= S)
    throw Napi::RangeError::New(env, "native: empty batch or bad output size");
  job.seed = static_cast<uint64_t>(intArg(info[4], "seed", 0, (int64_t{1} << 53)));
  job.images.resize(n);
  for (size_t i = 0; i < n; ++i) {
    if (h[i] < 1 || w[i] < 1) throw Napi::RangeError::New(env, "native: zero-sized image");
    const size_t bytes = static_cast<size_t>(h[i]) * w[i] * 3;
    const uint8_t* d = typedData<uint8_t>(images.Get(static_cast<uint32_t>(i)), "image", bytes);
    job.images[i] = ImageRef{d, h[i], w[i]};
  }
}

// The outputs, allocated here and held by references only the job has:
// no JS code can see (so detach) them before the result is handed over.
struct AugmentOutputs {
  size_t viewLen = 0, paramsLen = 0;
  Napi::Reference<Napi::ArrayBuffer> views[2], params;

  AugmentOutputs(Napi::Env env, AugmentJob& job, bool wantParams) {
    const size_t n = job.images.size(), S = static_cast<size_t>(job.cfg.size);
    viewLen = n * S * S * 3;
    for (int v = 0; v < 2; ++v) {
      Napi::ArrayBuffer b = Napi::ArrayBuffer::New(env, viewLen * sizeof(float));
      job.out[v] = static_cast<float*>(b.Data());
      views[v] = Napi::Persistent(b);
    }
    if (wantParams) {
      paramsLen = 2 * n * kParamFields;
      Napi::ArrayBuffer b = Napi::ArrayBuffer::New(env, paramsLen * sizeof(double));
      job.paramsOut = static_cast<double*>(b.Data());
      params = Napi::Persistent(b);
    }
  }

  Napi::Object result(Napi::Env env) {
    Napi::Object o = Napi::Object::New(env);
    o.Set("view1", Napi::Float32Array::New(env, viewLen, views[0].Value(), 0));
    o.Set("view2", Napi::Float32Array::New(env, viewLen, views[1].Value(), 0));
    o.Set("params", params.IsEmpty() ? env.Null() : Napi::Value(Napi::Float64Array::New(env, paramsLen, params.Value(), 0)));
    return o;
  }
};

class AugmentWorker : public Napi::AsyncWorker {
 public:
  AugmentWorker(Napi::Env env, std::unique_ptr<AugmentJob> job, std::unique_ptr<AugmentOutputs> outputs)
      : Napi::AsyncWorker(env, "simsiam:augment"),
        job_(std::move(job)),
        outputs_(std::move(outputs)),
        deferred_(Napi::Promise::Deferred::New(env)) {}
  Napi::Promise promise() { return deferred_.Promise(); }

 protected:
  void Execute() override { job_->run(); }
  void OnOK() override { deferred_.Resolve(outputs_->result(Env())); }
  void OnError(const Napi::Error& e) override { deferred_.Reject(e.Value()); }

 private:
  std::unique_ptr<AugmentJob> job_;
  std::unique_ptr<AugmentOutputs> outputs_;
  Napi::Promise::Deferred deferred_;
};

Napi::Value Augment(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (info.Length() < 7) throw Napi::TypeError::New(env, "native: augment takes 7 arguments");
  auto job = std::make_unique<AugmentJob>();
  readImages(info, *job);
  const bool wantParams = info[5].ToBoolean();
  auto outputs = std::make_unique<AugmentOutputs>(env, *job, wantParams);
  if (!info[6].ToBoolean()) {
    // No JS runs before this returns: the caller's pixels need no copy.
    guarded(env, "augment", [&] { job->run(); });
    return outputs->result(env);
  }
  guarded(env, "augment", [&] { job->ownPixels(); });
  auto* worker = new AugmentWorker(env, std::move(job), std::move(outputs));
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
