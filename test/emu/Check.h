// Tiny harness of the emulator self-tests: CHECK counts failures, device
// buffers are vectors copied in and out, finish() prints the verdict.
#pragma once
#include <cuda_runtime.h>

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <vector>

inline int gFailures = 0;

#define CHECK(cond)                                                                \
  do {                                                                             \
    if (!(cond)) {                                                                 \
      std::fprintf(stderr, "%s:%d: CHECK failed: %s\n", __FILE__, __LINE__, #cond); \
      ++gFailures;                                                                 \
    }                                                                              \
  } while (0)
#define CUDA_OK(expr) CHECK((expr) == cudaSuccess)

template <class T>
T* toDevice(const std::vector<T>& host) {
  T* d = nullptr;
  CUDA_OK(cudaMalloc(&d, host.size() * sizeof(T) + 1));
  CUDA_OK(cudaMemcpy(d, host.data(), host.size() * sizeof(T), cudaMemcpyHostToDevice));
  return d;
}
template <class T>
T* deviceArray(size_t n) {
  T* d = nullptr;
  CUDA_OK(cudaMalloc(&d, n * sizeof(T) + 1));
  return d;
}
template <class T>
std::vector<T> toHost(const T* d, size_t n) {
  std::vector<T> host(n);
  CUDA_OK(cudaMemcpy(host.data(), d, n * sizeof(T), cudaMemcpyDeviceToHost));
  return host;
}

// Exit status 0 when every CHECK held and the device has no error.
inline int finish(const char* name) {
  CUDA_OK(cudaDeviceSynchronize());
  CUDA_OK(cudaGetLastError());
  std::printf("%s: %s\n", name, gFailures ? "FAILED" : "ok");
  return gFailures ? 1 : 0;
}
