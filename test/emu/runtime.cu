// The runtime API as the project uses it: streams and events (timing, sync
// from another host thread), pageable/pinned asynchronous copies, the pool,
// errors and launch refusals, properties, raised dynamic shared memory, and
// the launch forms the rewriter must handle.
#include <cstring>
#include <string>
#include <thread>

#include "Check.h"

__global__ void addOne(float* x, size_t n) {
  for (size_t i = blockIdx.x * static_cast<size_t>(blockDim.x) + threadIdx.x; i < n;
       i += static_cast<size_t>(gridDim.x) * blockDim.x)
    x[i] += 1.f;
}

template <typename From, typename To>
__global__ void castKernel(const From* x, To* y, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = static_cast<To>(x[i]);
}

struct Twice {
  static __device__ float f(float v) { return 2.f * v; }
};
template <class Op>
__global__ void mapKernel(const float* x, float* y, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = Op::f(x[i]);
}
template <class F>
void withOp(F&& f) { f(Twice{}); }

__global__ void bigShared(int* out) {
  extern __shared__ unsigned char bytes[];
  bytes[threadIdx.x * 1000] = static_cast<unsigned char>(threadIdx.x);
  __syncthreads();
  if (threadIdx.x == 0) {
    int sum = 0;
    for (int t = 0; t < 64; ++t) sum += bytes[t * 1000];
    *out = sum;
  }
}

__global__ void poison(float* out) {
  __shared__ float never;
  __shared__ int neverInt;
  if (threadIdx.x == 0) {
    out[0] = never;
    out[1] = static_cast<float>(neverInt);
  }
}

int main() {
  // Properties and versions.
  cudaDeviceProp p{};
  CUDA_OK(cudaGetDeviceProperties(&p, 0));
  CHECK(std::string(p.name) == "CUDA-on-CPU emulator" && p.major == 9 && p.minor == 0);
  int v = 0, optin = 0;
  CUDA_OK(cudaRuntimeGetVersion(&v));
  CHECK(v == 13000);
  CUDA_OK(cudaDeviceGetAttribute(&optin, cudaDevAttrMaxSharedMemoryPerBlockOptin, 0));
  CHECK(optin == 232448);
  CHECK(std::string(cudaGetErrorName(cudaErrorMemoryAllocation)) == "cudaErrorMemoryAllocation");
  CHECK(std::string(cudaGetErrorString(cudaErrorInvalidValue)) == "invalid argument");
  CHECK(cudaSetDevice(1) == cudaErrorInvalidDevice);

  // Streams, pageable and pinned copies, events.
  cudaStream_t s;
  CUDA_OK(cudaStreamCreateWithFlags(&s, cudaStreamNonBlocking));
  const size_t n = 100000;
  std::vector<float> host(n, 1.f);
  float* d = nullptr;
  CUDA_OK(cudaMallocAsync(&d, n * sizeof(float), s));
  CUDA_OK(cudaMemcpyAsync(d, host.data(), n * sizeof(float), cudaMemcpyHostToDevice, s));
  std::fill(host.begin(), host.end(), 5.f);  // staged: the copy keeps the old values
  cudaEvent_t start, stop, done;
  CUDA_OK(cudaEventCreate(&start));
  CUDA_OK(cudaEventCreate(&stop));
  CUDA_OK(cudaEventCreateWithFlags(&done, cudaEventDisableTiming | cudaEventBlockingSync));
  CUDA_OK(cudaEventRecord(start, s));
  addOne<<<64, 256, 0, s>>>(d, n);
  CUDA_OK(cudaEventRecord(stop, s));
  float* pinned = nullptr;
  CUDA_OK(cudaMallocHost(&pinned, n * sizeof(float)));
  CUDA_OK(cudaMemcpyAsync(pinned, d, n * sizeof(float), cudaMemcpyDeviceToHost, s));
  CUDA_OK(cudaEventRecord(done, s));
  std::thread waiter([&] { CUDA_OK(cudaEventSynchronize(done)); });
  waiter.join();
  CHECK(pinned[0] == 2.f && pinned[n - 1] == 2.f);
  float ms = -1;
  CUDA_OK(cudaEventElapsedTime(&ms, start, stop));
  CHECK(ms >= 0);
  CHECK(cudaEventElapsedTime(&ms, start, done) == cudaErrorInvalidResourceHandle);
  CUDA_OK(cudaFreeAsync(d, s));
  CUDA_OK(cudaStreamSynchronize(s));
  CUDA_OK(cudaFreeHost(pinned));
  for (cudaEvent_t e : {start, stop, done}) CUDA_OK(cudaEventDestroy(e));

  // The pool keeps freed memory up to its release threshold.
  cudaMemPool_t pool;
  CUDA_OK(cudaDeviceGetDefaultMemPool(&pool, 0));
  uint64_t keep = UINT64_MAX, reserved = 0;
  CUDA_OK(cudaMemPoolSetAttribute(pool, cudaMemPoolAttrReleaseThreshold, &keep));
  CUDA_OK(cudaMallocAsync(&d, 1 << 20, s));
  CUDA_OK(cudaFreeAsync(d, s));
  CUDA_OK(cudaStreamSynchronize(s));
  CUDA_OK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &reserved));
  CHECK(reserved >= (1u << 20));
  CUDA_OK(cudaMemPoolTrimTo(pool, 0));
  CUDA_OK(cudaMemPoolGetAttribute(pool, cudaMemPoolAttrReservedMemCurrent, &reserved));
  CHECK(reserved == 0);

  // Device memory comes filled with 0xFF; out of memory is not sticky.
  int* ints = nullptr;
  CUDA_OK(cudaMalloc(&ints, 8));
  CHECK(toHost(ints, 2)[1] == -1);
  size_t freeB = 0, total = 0;
  CUDA_OK(cudaMemGetInfo(&freeB, &total));
  void* huge = nullptr;
  CHECK(cudaMalloc(&huge, total + 1) == cudaErrorMemoryAllocation);
  CHECK(cudaGetLastError() == cudaErrorMemoryAllocation);
  CHECK(cudaGetLastError() == cudaSuccess);

  // Launch forms: a template kernel with two arguments, a kernel inside a
  // generic lambda, 4-part configurations with nested parentheses.
  {
    const int m = 300;
    std::vector<int> xi(m);
    for (int i = 0; i < m; ++i) xi[i] = i - 150;
    int* dx = toDevice(xi);
    double* dy = deviceArray<double>(m);
    castKernel<int, double><<<dim3((m + 127) / 128, 1, 1), dim3(128), 0, static_cast<cudaStream_t>(s)>>>(dx, dy, m);
    CUDA_OK(cudaGetLastError());
    const auto y = toHost(dy, m);
    for (int i = 0; i < m; ++i) CHECK(y[i] == i - 150);
    float* fx = toDevice(std::vector<float>(m, 1.5f));
    float* fy = deviceArray<float>(m);
    withOp([&](auto op) { mapKernel<decltype(op)><<<(m + 63) / 64, 64, 0, s>>>(fx, fy, m); });
    CUDA_OK(cudaStreamSynchronize(s));
    CHECK(toHost(fy, m)[m - 1] == 3.f);
  }

  // Shared memory is poisoned: NaN and -1 for a variable nothing wrote.
  {
    float* out = deviceArray<float>(2);
    poison<<<1, 32>>>(out);
    const auto o = toHost(out, 2);
    CHECK(std::isnan(o[0]) && o[1] == -1.f);
  }

  // Dynamic shared memory above 48 KB: refused, then allowed once raised.
  {
    int* out = deviceArray<int>(1);
    const size_t bytes = 64 * 1000;
    bigShared<<<1, 64, bytes>>>(out);
    CHECK(cudaGetLastError() == cudaErrorInvalidValue);
    CUDA_OK(cudaFuncSetAttribute(bigShared, cudaFuncAttributeMaxDynamicSharedMemorySize, static_cast<int>(bytes)));
    bigShared<<<1, 64, bytes>>>(out);
    CUDA_OK(cudaGetLastError());
    CHECK(toHost(out, 1)[0] == 63 * 64 / 2);
  }

  // A refused launch is an error of that launch only, not sticky.
  addOne<<<1, 2048>>>(d, 0);
  CHECK(cudaGetLastError() == cudaErrorInvalidConfiguration);
  CHECK(cudaGetLastError() == cudaSuccess);
  CUDA_OK(cudaStreamDestroy(s));
  return finish("runtime");
}
