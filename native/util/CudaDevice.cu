// Device discovery and the host-buffer harnesses for the CUDA kernels.
#include <cuda_runtime.h>

#include <mutex>
#include <vector>

#include "util/CudaCheck.h"
#include "util/CudaDevice.h"

#ifndef SIMSIAM_CUDA_ARCHS
#define SIMSIAM_CUDA_ARCHS ""
#endif

namespace simsiam {
namespace {

// Device buffer freed on scope exit, so an error path leaks nothing.
template <typename T>
struct DeviceBuffer {
  T* ptr = nullptr;
  ~DeviceBuffer() {
    if (ptr) cudaFree(ptr);
  }
  cudaError_t alloc(size_t count) { return cudaMalloc(&ptr, count * sizeof(T) + 1); }
  cudaError_t upload(const T* host, size_t count) {
    cudaError_t e = alloc(count);
    return e != cudaSuccess ? e : cudaMemcpy(ptr, host, count * sizeof(T), cudaMemcpyHostToDevice);
  }
};

struct EventPair {
  cudaEvent_t start = nullptr, stop = nullptr;
  ~EventPair() {
    if (start) cudaEventDestroy(start);
    if (stop) cudaEventDestroy(stop);
  }
};

// Mean ms per call of `launch` (returns a cudaError_t as int) over `iters`
// calls, after `warmup` untimed ones, measured with events on the stream.
template <typename Launch>
int timeLaunches(int warmup, int iters, Launch launch, double* ms) {
  EventPair t;
  SIMSIAM_CUDA_TRY(cudaEventCreate(&t.start));
  SIMSIAM_CUDA_TRY(cudaEventCreate(&t.stop));
  for (int i = 0; i < warmup; ++i)
    if (int err = launch()) return err;
  SIMSIAM_CUDA_TRY(cudaEventRecord(t.start));
  for (int i = 0; i < iters; ++i)
    if (int err = launch()) return err;
  SIMSIAM_CUDA_TRY(cudaEventRecord(t.stop));
  SIMSIAM_CUDA_TRY(cudaEventSynchronize(t.stop));
  float total = 0.f;
  SIMSIAM_CUDA_TRY(cudaEventElapsedTime(&total, t.start, t.stop));
  *ms = total / iters;
  return 0;
}

// Device copies of a batch of images: one pixel buffer plus per-image metadata.
struct DeviceImages {
  DeviceBuffer<uint8_t> pixels;
  DeviceBuffer<int64_t> offsets;
  DeviceBuffer<int32_t> heights, widths;
  DeviceBuffer<ViewParams> params;

  int upload(const ImageRef* images, const ViewParams* hostParams, int64_t n) {
    std::vector<int64_t> off(static_cast<size_t>(n));
    std::vector<int32_t> h(static_cast<size_t>(n)), w(static_cast<size_t>(n));
    int64_t total = 0;
    for (int64_t i = 0; i < n; ++i) {
      off[i] = total;
      h[i] = images[i].height;
      w[i] = images[i].width;
      total += static_cast<int64_t>(images[i].height) * images[i].width * 3;
    }
    SIMSIAM_CUDA_TRY(pixels.alloc(static_cast<size_t>(total)));
    for (int64_t i = 0; i < n; ++i)
      SIMSIAM_CUDA_TRY(cudaMemcpy(pixels.ptr + off[i], images[i].data,
                                  static_cast<size_t>(images[i].height) * images[i].width * 3, cudaMemcpyHostToDevice));
    SIMSIAM_CUDA_TRY(offsets.upload(off.data(), off.size()));
    SIMSIAM_CUDA_TRY(heights.upload(h.data(), h.size()));
    SIMSIAM_CUDA_TRY(widths.upload(w.data(), w.size()));
    SIMSIAM_CUDA_TRY(params.upload(hostParams, static_cast<size_t>(n)));
    return 0;
  }
  int run(int64_t n, const AugmentConfig& cfg, float* out) {
    return augmentViewsCuda(pixels.ptr, offsets.ptr, heights.ptr, widths.ptr, params.ptr, n, cfg, out, nullptr);
  }
};

// The harnesses may be called from several libuv threads at once; the kernels'
// grown-on-demand workspaces are shared, so one harness runs at a time.
std::mutex gHarnessMutex;

}  // namespace

CudaReport queryCuda() {
  CudaReport r;
  r.compiled = true;
  r.architectures = SIMSIAM_CUDA_ARCHS;
  cudaRuntimeGetVersion(&r.runtimeVersion);
  cudaError_t e = cudaDriverGetVersion(&r.driverVersion);
  int count = 0;
  e = cudaGetDeviceCount(&count);
  if (e != cudaSuccess) {
    cudaGetLastError();  // clear the sticky-free error so later calls start clean
    if (e == cudaErrorInsufficientDriver && r.driverVersion == 0)
      r.reason = "no NVIDIA driver found (libcuda.so.1 could not be loaded)";
    else if (e == cudaErrorInsufficientDriver)
      r.reason = "the NVIDIA driver (CUDA " + std::to_string(r.driverVersion / 1000) + "." +
                 std::to_string(r.driverVersion % 1000 / 10) + ") is older than the CUDA runtime the addon was built with";
    else if (e == cudaErrorNoDevice)
      r.reason = "no CUDA device found";
    else
      r.reason = cudaErrorText(static_cast<int>(e));
    return r;
  }
  for (int i = 0; i < count; ++i) {
    cudaDeviceProp prop{};
    if (cudaGetDeviceProperties(&prop, i) != cudaSuccess) continue;
    CudaDeviceInfo d{i, prop.name, prop.major, prop.minor, prop.multiProcessorCount,
                     static_cast<uint64_t>(prop.totalGlobalMem), 0};
    size_t freeB = 0, totalB = 0;
    if (cudaSetDevice(i) == cudaSuccess && cudaMemGetInfo(&freeB, &totalB) == cudaSuccess) d.freeMemory = freeB;
    r.devices.push_back(d);
  }
  if (count > 0) cudaSetDevice(0);
  if (r.devices.empty()) r.reason = "no CUDA device found";
  return r;
}

std::string cudaErrorText(int code) {
  if (code == kCudaNotCompiled) return "CUDA support not compiled";
  const cudaError_t e = static_cast<cudaError_t>(code);
  return std::string(cudaGetErrorName(e)) + ": " + cudaGetErrorString(e);
}

int lossOnDevice(const LossPairs& host, int64_t B, int64_t D, float* loss) {
  std::lock_guard<std::mutex> lock(gHarnessMutex);
  const size_t count = static_cast<size_t>(B * D);
  DeviceBuffer<float> p[kMaxLossPairs], z[kMaxLossPairs], g[kMaxLossPairs], out;
  LossPairs dev = host;
  for (int k = 0; k < host.count; ++k) {
    SIMSIAM_CUDA_TRY(p[k].upload(host.p[k], count));
    SIMSIAM_CUDA_TRY(z[k].upload(host.z[k], count));
    SIMSIAM_CUDA_TRY(g[k].alloc(count));
    dev.p[k] = p[k].ptr;
    dev.z[k] = z[k].ptr;
    dev.grad[k] = host.grad[k] ? g[k].ptr : nullptr;
  }
  SIMSIAM_CUDA_TRY(out.alloc(1));
  if (int err = pairLossCuda(dev, B, D, out.ptr, nullptr)) return err;
  SIMSIAM_CUDA_TRY(cudaMemcpy(loss, out.ptr, sizeof(float), cudaMemcpyDeviceToHost));
  for (int k = 0; k < host.count; ++k)
    if (host.grad[k]) SIMSIAM_CUDA_TRY(cudaMemcpy(host.grad[k], g[k].ptr, count * sizeof(float), cudaMemcpyDeviceToHost));
  return 0;
}

int benchLossOnDevice(int pairs, int64_t B, int64_t D, int iters, double* ms) {
  std::lock_guard<std::mutex> lock(gHarnessMutex);
  const size_t count = static_cast<size_t>(B * D);
  std::vector<float> host(count);
  uint32_t s = 12345u;
  for (float& v : host) v = static_cast<float>((s = s * 1664525u + 1013904223u) >> 8) / 16777216.0f - 0.5f;
  DeviceBuffer<float> buf[3 * kMaxLossPairs], out;
  LossPairs dev{pairs, {}, {}, {}, pairs == 2 ? 0.5f : 1.0f};
  for (int k = 0; k < pairs; ++k) {
    SIMSIAM_CUDA_TRY(buf[3 * k].upload(host.data(), count));
    SIMSIAM_CUDA_TRY(buf[3 * k + 1].upload(host.data(), count));
    SIMSIAM_CUDA_TRY(buf[3 * k + 2].alloc(count));
    dev.p[k] = buf[3 * k].ptr;
    dev.z[k] = buf[3 * k + 1].ptr;
    dev.grad[k] = buf[3 * k + 2].ptr;
  }
  SIMSIAM_CUDA_TRY(out.alloc(1));
  return timeLaunches(10, iters, [&] { return pairLossCuda(dev, B, D, out.ptr, nullptr); }, ms);
}

int augmentOnDevice(const ImageRef* images, const ViewParams* params, int64_t n, const AugmentConfig& cfg,
                    float* out) {
  std::lock_guard<std::mutex> lock(gHarnessMutex);
  DeviceImages dev;
  if (int err = dev.upload(images, params, n)) return err;
  const size_t outCount = static_cast<size_t>(n) * cfg.size * cfg.size * 3;
  DeviceBuffer<float> dOut;
  SIMSIAM_CUDA_TRY(dOut.alloc(outCount));
  if (int err = dev.run(n, cfg, dOut.ptr)) return err;
  SIMSIAM_CUDA_TRY(cudaMemcpy(out, dOut.ptr, outCount * sizeof(float), cudaMemcpyDeviceToHost));
  return 0;
}

int benchAugmentOnDevice(const ImageRef* images, const ViewParams* params, int64_t n, const AugmentConfig& cfg,
                         int iters, double* ms) {
  std::lock_guard<std::mutex> lock(gHarnessMutex);
  DeviceImages dev;
  if (int err = dev.upload(images, params, n)) return err;
  DeviceBuffer<float> dOut;
  SIMSIAM_CUDA_TRY(dOut.alloc(static_cast<size_t>(n) * cfg.size * cfg.size * 3));
  return timeLaunches(3, iters, [&] { return dev.run(n, cfg, dOut.ptr); }, ms);
}

}  // namespace simsiam
