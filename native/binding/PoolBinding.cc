// native.device kernels of batch norm, pooling and the fused SimSiam ops
// (src/backend/cuda/binding/fused.ts has the signatures):
//   batchNormTraining(x, M, C, gamma, beta, epsilon, y, mean, variance)
//   batchNormTrainingGrad(dy, x, M, C, gamma, mean, variance, dMean|null, dVariance|null, epsilon, dx, dgamma, dbeta)
//   fusedBatchNorm(x, n, mean, meanLen, variance, varianceLen, offset|null, offsetLen, scale|null, scaleLen, epsilon, y)
//   pool(op, x, y, geometry)  maxPoolGrad(dy, x, dx, geometry)  avgPoolGrad(dy, dx, geometry)
//       geometry: Int32Array [N, H, W, C, outH, outW, filterH, filterW, strideH, strideW, padTop, padLeft]
//   pairLoss(ps[], zs[], grads[], B, D, weight, loss)   scaleGrad(grad, dy, out, n)
//   augment(images, dtype, n, h, w, config, seed, view1, view2)       images: an int32/float32 tensor buffer
//   augmentImages(images[], heights, widths, config, seed, view1, view2, params|null)   RGB8 host images
// Workspace comes from the device pool and is released right after the
// launch (stream-ordered). Augmentation parameters are drawn on the host
// (AugmentParams.h), so every device applies the very same views.
#include <napi.h>

#include <cstring>
#include <string>
#include <vector>

#include "binding/AugmentArgs.h"
#include "binding/Bindings.h"
#include "binding/ShapeArgs.h"
#include "binding/device/DeviceArgs.h"
#include "kernels/BatchNormTraining.h"
#include "kernels/FusedBatchNorm.h"
#include "kernels/Pool.h"
#include "kernels/SimSiamAugment.h"
#include "kernels/SimSiamLoss.h"
#include "util/ThreadPool.h"

namespace simsiam {
namespace {

double numberArg(const Napi::Value& v, const char* name) {
  if (!v.IsNumber()) throw Napi::TypeError::New(v.Env(), std::string("native: expected a number for ") + name);
  return v.As<Napi::Number>().DoubleValue();
}

using Workspace = device::Scratch;

Napi::Value BatchNormTraining(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t M = intArg(info[1], "M", 1, kMaxElements), C = intArg(info[2], "C", 1, int32_t{0x7fffffff});
  const int64_t n = mulSize(env, M, C);
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
          Workspace ws(static_cast<size_t>(wsCount) * sizeof(float), "BatchNormTraining");
          [[maybe_unused]] float* w = ws.data<float>(wsCount);
          return SIMSIAM_CUDA_ONLY(batchNormTrainingCuda(x, M, C, gamma, beta, epsilon, y, mean, variance, w, s));
        });
  });
  return env.Undefined();
}

Napi::Value BatchNormTrainingGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t M = intArg(info[2], "M", 1, kMaxElements), C = intArg(info[3], "C", 1, int32_t{0x7fffffff});
  const int64_t n = mulSize(env, M, C);
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
          Workspace ws(static_cast<size_t>(wsCount) * sizeof(float), "BatchNormTrainingGrad");
          [[maybe_unused]] float* w = ws.data<float>(wsCount);
          return SIMSIAM_CUDA_ONLY(batchNormTrainingGradCuda(dy, x, M, C, gamma, mean, variance, dMean, dVariance,
                                                             epsilon, dx, dgamma, dbeta, w, s));
        });
  });
  return env.Undefined();
}

Napi::Value FusedBatchNorm(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[1], "n", 0, kMaxElements);
  BatchNormParams p{};
  p.meanLen = intArg(info[3], "meanLen", 1, kMaxElements);
  p.varianceLen = intArg(info[5], "varianceLen", 1, kMaxElements);
  p.offsetLen = intArg(info[7], "offsetLen", 1, kMaxElements);
  p.scaleLen = intArg(info[9], "scaleLen", 1, kMaxElements);
  p.epsilon = numberArg(info[10], "epsilon");
  deviceGuarded(env, "fusedBatchNorm", [&] {
    const float* x = deviceData<float>(info[0], "x", n);
    p.mean = deviceData<float>(info[2], "mean", p.meanLen);
    p.variance = deviceData<float>(info[4], "variance", p.varianceLen);
    p.offset = optionalDeviceData<float>(info[6], "offset", p.offsetLen);
    p.scale = optionalDeviceData<float>(info[8], "scale", p.scaleLen);
    float* y = deviceData<float>(info[11], "y", n);
    device::launch(
        "FusedBatchNorm", [&] { fusedBatchNormCyclicCpu(x, n, p, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(fusedBatchNormCuda(x, n, p, y, s)); });
  });
  return env.Undefined();
}

PoolGeometry geometryArg(const Napi::Value& v) {
  Napi::Env env = v.Env();
  const int32_t* a = typedData<int32_t>(v, "geometry", 12);
  for (int k = 0; k < 12; ++k)
    if (a[k] < 0) rangeError(env, "pool: negative size in the geometry");
  PoolGeometry g{a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7], a[8], a[9], a[10], a[11]};
  if (g.filterH < 1 || g.filterW < 1 || g.strideH < 1 || g.strideW < 1) rangeError(env, "pool: filter and strides must be positive");
  // Every window of the output must start inside the padded input.
  if (g.outH > 0 && (g.outH - 1) * g.strideH - g.padTop >= g.inH + g.filterH) rangeError(env, "pool: output too tall");
  if (g.outW > 0 && (g.outW - 1) * g.strideW - g.padLeft >= g.inW + g.filterW) rangeError(env, "pool: output too wide");
  const int64_t in[4] = {g.batch, g.inH, g.inW, g.channels}, out[4] = {g.batch, g.outH, g.outW, g.channels};
  sizeOf(env, in, 4);
  sizeOf(env, out, 4);
  return g;
}

int64_t inSize(const PoolGeometry& g) { return g.batch * g.inH * g.inW * g.channels; }
int64_t outSize(const PoolGeometry& g) { return g.batch * g.outH * g.outW * g.channels; }

Napi::Value Pool(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PoolOp op = opArg<PoolOp>(info[0]);
  const PoolGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "pool", [&] {
    const float* x = deviceData<float>(info[1], "x", inSize(g));
    float* y = deviceData<float>(info[2], "y", outSize(g));
    device::launch(
        op == PoolOp::kMax ? "MaxPool" : "AvgPool", [&] { poolCpu(op, x, g, y); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(poolCuda(op, x, g, y, s)); });
  });
  return env.Undefined();
}

Napi::Value MaxPoolGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PoolGeometry g = geometryArg(info[3]);
  deviceGuarded(env, "maxPoolGrad", [&] {
    const float* dy = deviceData<float>(info[0], "dy", outSize(g));
    const float* x = deviceData<float>(info[1], "x", inSize(g));
    float* dx = deviceData<float>(info[2], "dx", inSize(g));
    Workspace ws(static_cast<size_t>(outSize(g)) * sizeof(int32_t), "MaxPoolGrad");
    int32_t* positions = ws.data<int32_t>(outSize(g));
    device::launch(
        "MaxPoolGrad", [&] { maxPoolGradCpu(dy, x, g, positions, dx); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(maxPoolGradCuda(dy, x, g, positions, dx, s)); });
  });
  return env.Undefined();
}

Napi::Value AvgPoolGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const PoolGeometry g = geometryArg(info[2]);
  deviceGuarded(env, "avgPoolGrad", [&] {
    const float* dy = deviceData<float>(info[0], "dy", outSize(g));
    float* dx = deviceData<float>(info[1], "dx", inSize(g));
    device::launch(
        "AvgPoolGrad", [&] { avgPoolGradCpu(dy, g, dx); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(avgPoolGradCuda(dy, g, dx, s)); });
  });
  return env.Undefined();
}

// An array of 1 or 2 buffer ids.
std::vector<Napi::Value> idList(const Napi::Value& v, const char* name, uint32_t count) {
  if (!v.IsArray() || v.As<Napi::Array>().Length() != count)
    throw Napi::TypeError::New(v.Env(), std::string("native: expected ") + std::to_string(count) + " buffer ids for " + name);
  Napi::Array a = v.As<Napi::Array>();
  std::vector<Napi::Value> out;
  for (uint32_t k = 0; k < count; ++k) out.push_back(a.Get(k));
  return out;
}

Napi::Value PairLoss(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  if (!info[0].IsArray()) throw Napi::TypeError::New(env, "native: pairLoss(ps[], zs[], grads[], B, D, weight, loss)");
  const uint32_t count = info[0].As<Napi::Array>().Length();
  if (count < 1 || count > kMaxLossPairs) rangeError(env, "pairLoss: 1 or 2 pairs");
  const auto ps = idList(info[0], "ps", count), zs = idList(info[1], "zs", count), gs = idList(info[2], "grads", count);
  const int64_t B = intArg(info[3], "B", 1, 0x7fffffff), D = intArg(info[4], "D", 1, 0x7fffffff);
  const int64_t n = mulSize(env, B, D);
  const float weight = static_cast<float>(numberArg(info[5], "weight"));
  deviceGuarded(env, "pairLoss", [&] {
    LossPairs pairs{static_cast<int>(count), {}, {}, {}, weight};
    for (uint32_t k = 0; k < count; ++k) {
      pairs.p[k] = deviceData<float>(ps[k], "p", n);
      pairs.z[k] = deviceData<float>(zs[k], "z", n);
      pairs.grad[k] = deviceData<float>(gs[k], "grad", n);
    }
    float* loss = deviceData<float>(info[6], "loss", 1);
    if (device::onHost()) {
      *loss = pairLossCpu(pairs, B, D);
      return;
    }
    Workspace ws(static_cast<size_t>(B + 1) * sizeof(float), "SimSiamLoss");
    float* rows = ws.data<float>(B + 1);
    [[maybe_unused]] unsigned* counter = reinterpret_cast<unsigned*>(rows + B);
    device::launch(
        "SimSiamLoss", [] {},
        [&](void* s) { return SIMSIAM_CUDA_ONLY(pairLossCudaWorkspace(pairs, B, D, loss, rows, counter, s)); });
  });
  return env.Undefined();
}

Napi::Value ScaleGrad(const Napi::CallbackInfo& info) {
  Napi::Env env = info.Env();
  const int64_t n = intArg(info[3], "n", 0, kMaxElements);
  deviceGuarded(env, "scaleGrad", [&] {
    const float* grad = deviceData<float>(info[0], "grad", n);
    const float* dy = deviceData<float>(info[1], "dy", 1);
    float* out = deviceData<float>(info[2], "out", n);
    device::launch(
        "SimSiamLossGrad", [&] { scaleGradByScalarCpu(grad, dy, n, out); },
        [&](void* s) { return SIMSIAM_CUDA_ONLY(scaleGradCuda(grad, dy, n, out, s)); });
  });
  return env.Undefined();
}

// ---- augmentation ----

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
  std::vector<ViewParams> params(static_cast<size_t>(2 * n));
  parallelFor(n, 256, [&](int64_t b, int64_t e) {
    for (int64_t i = b; i < e; ++i)
      for (int v = 0; v < 2; ++v) params[v * n + i] = sampleViewParams(seed, i, v, heights[i], widths[i], cfg);
  });
  if (paramsOut)
    for (int64_t k = 0; k < 2 * n; ++k) writeViewParams(params[k], paramsOut + k * kAugmentParamFields);
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
  Workspace ws(metaBytes + 4 * n, "SimSiamAugment");
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
Napi::Value Augment(const Napi::CallbackInfo& info) {
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
    Workspace pixels(static_cast<size_t>(total), "SimSiamAugment");
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
Napi::Value AugmentImages(const Napi::CallbackInfo& info) {
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
    Workspace pixels(static_cast<size_t>(total), "augmentPair");
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

void initFusedDeviceBinding(Napi::Env env, Napi::Object exports) {
  setDeviceFunction(env, exports, "batchNormTraining", BatchNormTraining);
  setDeviceFunction(env, exports, "batchNormTrainingGrad", BatchNormTrainingGrad);
  setDeviceFunction(env, exports, "fusedBatchNorm", FusedBatchNorm);
  setDeviceFunction(env, exports, "pool", Pool);
  setDeviceFunction(env, exports, "maxPoolGrad", MaxPoolGrad);
  setDeviceFunction(env, exports, "avgPoolGrad", AvgPoolGrad);
  setDeviceFunction(env, exports, "pairLoss", PairLoss);
  setDeviceFunction(env, exports, "scaleGrad", ScaleGrad);
  setDeviceFunction(env, exports, "augment", Augment);
  setDeviceFunction(env, exports, "augmentImages", AugmentImages);
}

}  // namespace

SIMSIAM_BINDING(initFusedDeviceBinding);

}  // namespace simsiam
