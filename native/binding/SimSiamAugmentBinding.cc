// Both augmented views of a batch of images (kernels/SimSiamAugment.h); the
// views' parameters are drawn on the host (kernels/AugmentParams.h), so every
// device applies the very same views.
//   augment(images, heights, widths, config, seed, wantParams, async)
//       -> { view1, view2, params } (or a Promise of it when async)
//     The CPU kernels on host buffers.
//     images: Uint8Array[] (RGB8, one per image); heights/widths: Int32Array;
//     config: AugmentConfig fields by name; seed: integer < 2^53.
//     view1/view2: Float32Array [n*S*S*3]; params: Float64Array
//     [2*n*augmentParamFields] when wantParams, else null.
//     async: true -> Promise resolved off the main thread (AsyncWorker). The
//     job then works on a copy of the pixels and on output buffers no JS can
//     reach before it resolves: a caller's buffer may be transferred (detached)
//     and collected while the job runs.
//   device.augment(images, dtype, n, h, w, config, seed, view1, view2)
//     images: an int32 or float32 tensor buffer [n, h, w, 3]
//   device.augmentImages(images[], heights, widths, config, seed, view1, view2, params | null)
//     RGB8 host images (native.augment's input on the `cuda` backend)
#include <napi.h>

#include <algorithm>
#include <cstring>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "binding/Bindings.h"
#include "binding/DeviceArgs.h"
#include "binding/NapiArgs.h"
#include "kernels/AugmentParams.h"
#include "kernels/SimSiamAugment.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace {

constexpr int kAugmentParamFields = 16;  // layout decoded by src/ops/view_params.ts

float augmentNumberField(const Napi::Object& o, const char* name, float fallback) {
  Napi::Value v = o.Get(name);
  return v.IsNumber() ? static_cast<float>(v.As<Napi::Number>().DoubleValue()) : fallback;
}

void augmentTripleField(const Napi::Object& o, const char* name, float* dst) {
  Napi::Value v = o.Get(name);
  if (!v.IsArray()) return;
  Napi::Array a = v.As<Napi::Array>();
  for (uint32_t c = 0; c < 3 && c < a.Length(); ++c) dst[c] = static_cast<float>(a.Get(c).As<Napi::Number>().DoubleValue());
}

// AugmentConfig fields by name; missing ones keep their defaults.
AugmentConfig readAugmentConfig(const Napi::Object& o) {
  AugmentConfig c;
  c.size = static_cast<int>(augmentNumberField(o, "size", static_cast<float>(c.size)));
  c.scaleMin = augmentNumberField(o, "scaleMin", c.scaleMin);
  c.scaleMax = augmentNumberField(o, "scaleMax", c.scaleMax);
  c.ratioMin = augmentNumberField(o, "ratioMin", c.ratioMin);
  c.ratioMax = augmentNumberField(o, "ratioMax", c.ratioMax);
  c.flipProb = augmentNumberField(o, "flipProb", c.flipProb);
  c.jitterProb = augmentNumberField(o, "jitterProb", c.jitterProb);
  c.brightness = augmentNumberField(o, "brightness", c.brightness);
  c.contrast = augmentNumberField(o, "contrast", c.contrast);
  c.saturation = augmentNumberField(o, "saturation", c.saturation);
  c.hue = augmentNumberField(o, "hue", c.hue);
  c.grayscaleProb = augmentNumberField(o, "grayscaleProb", c.grayscaleProb);
  c.blurProb = augmentNumberField(o, "blurProb", c.blurProb);
  c.blurSigmaMin = augmentNumberField(o, "blurSigmaMin", c.blurSigmaMin);
  c.blurSigmaMax = augmentNumberField(o, "blurSigmaMax", c.blurSigmaMax);
  augmentTripleField(o, "mean", c.mean);
  augmentTripleField(o, "std", c.std);
  for (auto [name, field] : {std::pair<const char*, int64_t*>{"firstIndex", &c.firstIndex}, {"indexStride", &c.indexStride}}) {
    Napi::Value v = o.Get(name);
    if (v.IsNumber()) *field = static_cast<int64_t>(v.As<Napi::Number>().DoubleValue());
  }
  return c;
}

// One view's parameters as kAugmentParamFields doubles.
void writeViewParams(const ViewParams& p, double* o) {
  const double f[kAugmentParamFields] = {double(p.cropX), double(p.cropY), double(p.cropW), double(p.cropH),
                                         double(p.flip), double(p.jitter), double(p.order[0]), double(p.order[1]),
                                         double(p.order[2]), double(p.order[3]), p.brightness, p.contrast,
                                         p.saturation, p.hue, double(p.grayscale), p.blurSigma};
  std::copy(f, f + kAugmentParamFields, o);
}

// Both views' parameters of n images, view v of image i at [v * n + i];
// dims(i) -> {height, width} of image i.
template <typename Dims>
std::vector<ViewParams> sampleViews(uint64_t seed, int64_t n, const AugmentConfig& cfg, Dims dims) {
  std::vector<ViewParams> params(static_cast<size_t>(2 * n));
  parallelFor(n, 256, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i) {
      const std::pair<int32_t, int32_t> hw = dims(i);
      const int64_t index = cfg.firstIndex + i * cfg.indexStride;
      for (int v = 0; v < 2; ++v) params[v * n + i] = sampleViewParams(seed, index, v, hw.first, hw.second, cfg);
    }
  });
  return params;
}

// Every view's parameters as kAugmentParamFields doubles, in params' order.
void writeParams(const std::vector<ViewParams>& params, double* out) {
  for (size_t k = 0; k < params.size(); ++k) writeViewParams(params[k], out + k * kAugmentParamFields);
}

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

  void run() {
    const int64_t n = static_cast<int64_t>(images.size());
    const std::vector<ViewParams> params =
        sampleViews(seed, n, cfg, [&](int64_t i) { return std::make_pair(images[i].height, images[i].width); });
    for (int v = 0; v < 2; ++v) augmentViewsCpu(images.data(), params.data() + v * n, n, cfg, out[v]);
    if (paramsOut) writeParams(params, paramsOut);
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
      paramsLen = 2 * n * kAugmentParamFields;
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

AugmentConfig configArg(const Napi::Value& v) {
  if (!v.IsObject()) throw Napi::TypeError::New(v.Env(), "native: expected the augmentation config object");
  const AugmentConfig cfg = readAugmentConfig(v.As<Napi::Object>());
  if (cfg.size < 1 || cfg.size > 8192 || blurKernelSize(cfg.size) / 2 >= cfg.size)
    rangeError(v.Env(), "augment: bad output size");
  return cfg;
}

// Both views of n images whose RGB8 pixels are in device buffer `pixelsId`
// (image i at byte offsets[i]) into out1/out2 [n, S, S, 3].
void augmentOnDevice(uint32_t pixelsId, int64_t pixelBytes, const std::vector<int64_t>& offsets,
                     const std::vector<int32_t>& heights, const std::vector<int32_t>& widths,
                     const AugmentConfig& cfg, uint64_t seed, float* out1, float* out2, double* paramsOut) {
  const int64_t n = static_cast<int64_t>(offsets.size());
  const std::vector<ViewParams> params =
      sampleViews(seed, n, cfg, [&](int64_t i) { return std::make_pair(heights[i], widths[i]); });
  if (paramsOut) writeParams(params, paramsOut);
  const uint8_t* pixels = device::data<uint8_t>(pixelsId, pixelBytes, "images");
  float* outs[2] = {out1, out2};
  if (device::onHost()) {
    std::vector<ImageRef> images(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) images[i] = ImageRef{pixels + offsets[i], heights[i], widths[i]};
    for (int v = 0; v < 2; ++v) augmentViewsCpu(images.data(), params.data() + v * n, n, cfg, outs[v]);
    return;
  }
  // One upload: offsets (int64), params, heights, widths; then n floats of contrast means.
  const size_t offBytes = 8 * n, parBytes = sizeof(ViewParams) * 2 * n, dimBytes = 4 * n;
  const size_t metaBytes = offBytes + parBytes + 2 * dimBytes;
  std::vector<uint8_t> meta(metaBytes);
  std::memcpy(meta.data(), offsets.data(), offBytes);
  std::memcpy(meta.data() + offBytes, params.data(), parBytes);
  std::memcpy(meta.data() + offBytes + parBytes, heights.data(), dimBytes);
  std::memcpy(meta.data() + offBytes + parBytes + dimBytes, widths.data(), dimBytes);
  device::Scratch ws(metaBytes + 4 * n, "SimSiamAugment");
  device::upload(ws.id(), meta.data(), metaBytes);
  uint8_t* base = ws.data<uint8_t>(static_cast<int64_t>(metaBytes + 4 * n));
  [[maybe_unused]] const int64_t* dOffsets = reinterpret_cast<const int64_t*>(base);
  [[maybe_unused]] const ViewParams* dParams = reinterpret_cast<const ViewParams*>(base + offBytes);
  [[maybe_unused]] const int32_t* dHeights = reinterpret_cast<const int32_t*>(base + offBytes + parBytes);
  [[maybe_unused]] const int32_t* dWidths = reinterpret_cast<const int32_t*>(base + offBytes + parBytes + dimBytes);
  [[maybe_unused]] float* means = reinterpret_cast<float*>(base + metaBytes);
  for (int v = 0; v < 2; ++v)
    device::launch(
        "SimSiamAugment", [] {},
        [&](void* s) {
          return SIMSIAM_CUDA_ONLY(augmentViewsCudaWorkspace(pixels, dOffsets, dHeights, dWidths, dParams + v * n, n,
                                                             cfg, outs[v], means, s));
        });
}

// augment(images, dtype 'int32' | 'float32', n, h, w, config, seed, view1, view2)
Napi::Value DeviceAugment(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const std::string dtype = info[1].IsString() ? info[1].As<Napi::String>().Utf8Value() : "";
  if (dtype != "int32" && dtype != "float32") throw Napi::TypeError::New(env, "native: augment: images must be int32 or float32");
  const int64_t n = intArg(info[2], "n", 1, 0x7fffffff);
  const int32_t h = static_cast<int32_t>(intArg(info[3], "h", 1, 0x7fffffff));
  const int32_t w = static_cast<int32_t>(intArg(info[4], "w", 1, 0x7fffffff));
  const AugmentConfig cfg = configArg(info[5]);
  const uint64_t seed = static_cast<uint64_t>(intArg(info[6], "seed", 0, int64_t{1} << 53));
  const int64_t stride = mulSize(env, mulSize(env, h, w), 3), total = mulSize(env, n, stride);
  const int64_t viewSize = mulSize(env, n, int64_t{cfg.size} * cfg.size * 3);
  deviceGuarded(env, "augment", [&] {
    float* out1 = deviceData<float>(info[7], "view1", viewSize);
    float* out2 = deviceData<float>(info[8], "view2", viewSize);
    device::Scratch pixels(static_cast<size_t>(total), "SimSiamAugment");
    uint8_t* p = pixels.data<uint8_t>(total);
    if (dtype == "float32") {
      const float* x = deviceData<float>(info[0], "images", total);
      device::launch("SimSiamAugment", [&] { toUint8Cpu(x, total, p); },
                     [&](void* s) { return SIMSIAM_CUDA_ONLY(toUint8Cuda(x, total, p, s)); });
    } else {
      const int32_t* x = deviceData<int32_t>(info[0], "images", total);
      device::launch("SimSiamAugment", [&] { toUint8Cpu(x, total, p); },
                     [&](void* s) { return SIMSIAM_CUDA_ONLY(toUint8Cuda(x, total, p, s)); });
    }
    std::vector<int64_t> offsets(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) offsets[i] = i * stride;
    augmentOnDevice(pixels.id(), total, offsets, std::vector<int32_t>(n, h), std::vector<int32_t>(n, w), cfg, seed,
                    out1, out2, nullptr);
  });
  return env.Undefined();
}

// augmentImages(images: Uint8Array[], heights, widths, config, seed, view1, view2, params | null)
Napi::Value DeviceAugmentImages(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "native: augmentImages(images[], heights, widths, config, seed, ...)");
  Napi::Array list = info[0].As<Napi::Array>();
  const size_t n = list.Length();
  if (n == 0) rangeError(env, "augmentImages: empty batch");
  const int32_t* hs = typedData<int32_t>(info[1], "heights", n);
  const int32_t* ws = typedData<int32_t>(info[2], "widths", n);
  const AugmentConfig cfg = configArg(info[3]);
  const uint64_t seed = static_cast<uint64_t>(intArg(info[4], "seed", 0, int64_t{1} << 53));
  std::vector<const uint8_t*> data(n);
  std::vector<int64_t> offsets(n);
  std::vector<int32_t> heights(hs, hs + n), widths(ws, ws + n);
  int64_t total = 0;
  bool contiguous = true;  // subarrays of one packed batch: upload in place
  for (size_t i = 0; i < n; ++i) {
    if (heights[i] < 1 || widths[i] < 1) rangeError(env, "augmentImages: zero-sized image");
    const int64_t bytes = mulSize(env, mulSize(env, heights[i], widths[i]), 3);
    data[i] = typedData<uint8_t>(list.Get(static_cast<uint32_t>(i)), "image", static_cast<size_t>(bytes));
    if (i > 0 && data[i] != data[i - 1] + (total - offsets[i - 1])) contiguous = false;
    offsets[i] = total;
    total = mulSize(env, 1, total + bytes);
  }
  double* paramsOut = nullptr;
  if (!info[7].IsNull() && !info[7].IsUndefined())
    paramsOut = typedData<double>(info[7], "params", 2 * n * kAugmentParamFields);
  const int64_t viewSize = mulSize(env, static_cast<int64_t>(n), int64_t{cfg.size} * cfg.size * 3);
  deviceGuarded(env, "augmentImages", [&] {
    float* out1 = deviceData<float>(info[5], "view1", viewSize);
    float* out2 = deviceData<float>(info[6], "view2", viewSize);
    device::Scratch pixels(static_cast<size_t>(total), "augmentPair");
    if (contiguous) {
      device::upload(pixels.id(), data[0], static_cast<size_t>(total));
    } else {
      std::vector<uint8_t> packed(static_cast<size_t>(total));
      for (size_t i = 0; i < n; ++i)
        std::memcpy(packed.data() + offsets[i], data[i], static_cast<size_t>((i + 1 < n ? offsets[i + 1] : total) - offsets[i]));
      device::upload(pixels.id(), packed.data(), packed.size());
    }
    augmentOnDevice(pixels.id(), total, offsets, heights, widths, cfg, seed, out1, out2, paramsOut);
  });
  return env.Undefined();
}

}  // namespace

void initSimSiamAugmentBinding(Napi::Env env, Napi::Object exports) {
  setFunction(env, exports, "augment", Augment);
  exports.Set("augmentParamFields", kAugmentParamFields);
  setDeviceFunction(env, exports, "augment", DeviceAugment);
  setDeviceFunction(env, exports, "augmentImages", DeviceAugmentImages);
}

}  // namespace simsiam
