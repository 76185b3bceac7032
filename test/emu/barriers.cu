// Correct kernels around __syncthreads and shared memory: barriers in loops,
// two names in one declaration, template-sized tiles, dynamic shared memory,
// shared atomics, a last-block reduction, 3-D grids and blocks, and a grid of
// more than 65535 blocks on x. Run in every order by run.sh.
#include "Check.h"

constexpr int kThreads = 256;

// Tree reduction: a barrier inside a loop.
__global__ void treeSum(const float* x, float* out, int n) {
  __shared__ float s[kThreads];
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  s[threadIdx.x] = i < n ? x[i] : 0.f;
  __syncthreads();
  for (int stride = blockDim.x / 2; stride > 0; stride >>= 1) {
    if (threadIdx.x < stride) s[threadIdx.x] += s[threadIdx.x + stride];
    __syncthreads();
  }
  if (threadIdx.x == 0) out[blockIdx.x] = s[0];
}

// Two names in one declaration, the counting barriers.
__global__ void votes(int* out) {
  __shared__ int first, last;
  if (threadIdx.x == 0) first = 7;
  if (threadIdx.x == blockDim.x - 1) last = 9;
  const int count = __syncthreads_count(threadIdx.x % 3 == 0);
  const int all = __syncthreads_and(threadIdx.x < 1000);
  const int any = __syncthreads_or(threadIdx.x == 5);
  if (threadIdx.x == 0) {
    out[0] = first + last;
    out[1] = count;
    out[2] = all;
    out[3] = any;
  }
}

// A padded tile sized by a template parameter ([kTile + 1]).
template <typename T, int kTile>
__global__ void transposeTile(const T* in, T* out, int rows, int cols) {
  __shared__ T tile[kTile][kTile + 1];
  const int x = blockIdx.x * kTile + threadIdx.x, y = blockIdx.y * kTile + threadIdx.y;
  if (x < cols && y < rows) tile[threadIdx.y][threadIdx.x] = in[y * cols + x];
  __syncthreads();
  const int tx = blockIdx.y * kTile + threadIdx.x, ty = blockIdx.x * kTile + threadIdx.y;
  if (tx < rows && ty < cols) out[ty * rows + tx] = tile[threadIdx.x][threadIdx.y];
}

// Dynamic shared memory: reverse each block's slice.
__global__ void reverseBlock(const int* in, int* out) {
  extern __shared__ int buf[];
  const int base = blockIdx.x * blockDim.x;
  buf[threadIdx.x] = in[base + threadIdx.x];
  __syncthreads();
  out[base + threadIdx.x] = buf[blockDim.x - 1 - threadIdx.x];
}

// Histogram in shared memory with atomics, then merged with global atomics.
__global__ void histogram(const unsigned* x, int n, unsigned* hist) {
  __shared__ unsigned local[16];
  if (threadIdx.x < 16) local[threadIdx.x] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += gridDim.x * blockDim.x) atomicAdd(&local[x[i] % 16], 1u);
  __syncthreads();
  if (threadIdx.x < 16) atomicAdd(&hist[threadIdx.x], local[threadIdx.x]);
}

// The last block to finish sums every block's value (as SimSiamLoss.cu).
__global__ void lastBlockSum(const float* x, float* partial, unsigned* counter, float* total) {
  __shared__ bool isLast;
  __shared__ float s[kThreads];
  s[threadIdx.x] = x[blockIdx.x * blockDim.x + threadIdx.x];
  __syncthreads();
  if (threadIdx.x == 0) {
    float sum = 0;
    for (int i = 0; i < kThreads; ++i) sum += s[i];
    partial[blockIdx.x] = sum;
    __threadfence();
    isLast = atomicInc(counter, gridDim.x - 1) == gridDim.x - 1;
  }
  __syncthreads();
  if (!isLast) return;
  if (threadIdx.x == 0) {
    float sum = 0;
    for (unsigned b = 0; b < gridDim.x; ++b) sum += __ldcg(partial + b);
    *total = sum;
  }
}

// 3-D grid of 3-D blocks: every thread writes its global coordinates.
__global__ void coordinates(int* out, int w, int h) {
  const int x = blockIdx.x * blockDim.x + threadIdx.x, y = blockIdx.y * blockDim.y + threadIdx.y,
            z = blockIdx.z * blockDim.z + threadIdx.z;
  out[(z * h + y) * w + x] = (z << 20) | (y << 10) | x;
}

__global__ void blockIds(unsigned* out) {
  if (threadIdx.x == 0) out[blockIdx.x] = blockIdx.x;
}

int main() {
  {
    const int n = 1000, blocks = (n + kThreads - 1) / kThreads;
    std::vector<float> x(n);
    for (int i = 0; i < n; ++i) x[i] = static_cast<float>(i % 17);
    float *dx = toDevice(x), *dout = deviceArray<float>(blocks);
    treeSum<<<blocks, kThreads>>>(dx, dout, n);
    CUDA_OK(cudaGetLastError());
    const auto out = toHost(dout, blocks);
    for (int b = 0; b < blocks; ++b) {
      float want = 0;
      for (int i = b * kThreads; i < n && i < (b + 1) * kThreads; ++i) want += x[i];
      CHECK(out[b] == want);
    }
  }
  {
    int* d = deviceArray<int>(4);
    votes<<<1, 100>>>(d);
    const auto v = toHost(d, 4);
    CHECK(v[0] == 16 && v[1] == 34 && v[2] == 1 && v[3] == 1);
  }
  {
    const int rows = 45, cols = 70;
    std::vector<double> in(rows * cols);
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<double>(i) * 0.5;
    double *din = toDevice(in), *dout = deviceArray<double>(in.size());
    transposeTile<double, 16><<<dim3((cols + 15) / 16, (rows + 15) / 16), dim3(16, 16)>>>(din, dout, rows, cols);
    const auto out = toHost(dout, in.size());
    for (int r = 0; r < rows; ++r)
      for (int c = 0; c < cols; ++c) CHECK(out[c * rows + r] == in[r * cols + c]);
  }
  {
    const int blocks = 3, threads = 96;
    std::vector<int> in(blocks * threads);
    for (size_t i = 0; i < in.size(); ++i) in[i] = static_cast<int>(i);
    int *din = toDevice(in), *dout = deviceArray<int>(in.size());
    reverseBlock<<<blocks, threads, threads * sizeof(int), nullptr>>>(din, dout);
    const auto out = toHost(dout, in.size());
    for (int b = 0; b < blocks; ++b)
      for (int t = 0; t < threads; ++t) CHECK(out[b * threads + t] == in[b * threads + threads - 1 - t]);
  }
  {
    const int n = 5000;
    std::vector<unsigned> x(n);
    unsigned want[16] = {};
    for (int i = 0; i < n; ++i) ++want[(x[i] = static_cast<unsigned>(i * 7919 % 1013)) % 16];
    unsigned *dx = toDevice(x), *dh = deviceArray<unsigned>(16);
    CUDA_OK(cudaMemset(dh, 0, 16 * sizeof(unsigned)));
    histogram<<<7, 128>>>(dx, n, dh);
    const auto h = toHost(dh, 16);
    for (int i = 0; i < 16; ++i) CHECK(h[i] == want[i]);
  }
  {
    const int blocks = 37;
    std::vector<float> x(blocks * kThreads);
    for (size_t i = 0; i < x.size(); ++i) x[i] = static_cast<float>(i % 5);
    float *dx = toDevice(x), *partial = deviceArray<float>(blocks), *total = deviceArray<float>(1);
    unsigned* counter = deviceArray<unsigned>(1);
    CUDA_OK(cudaMemset(counter, 0, sizeof(unsigned)));
    for (int rep = 0; rep < 2; ++rep) {  // the counter wraps back to 0
      lastBlockSum<<<blocks, kThreads>>>(dx, partial, counter, total);
      float want = 0;
      for (float v : x) want += v;
      CHECK(toHost(total, 1)[0] == want);
      CHECK(toHost(counter, 1)[0] == 0u);
    }
  }
  {
    const int w = 12, h = 10, d = 6;
    int* dout = deviceArray<int>(w * h * d);
    coordinates<<<dim3(3, 5, 2), dim3(4, 2, 3)>>>(dout, w, h);
    const auto out = toHost(dout, w * h * d);
    for (int z = 0; z < d; ++z)
      for (int y = 0; y < h; ++y)
        for (int x = 0; x < w; ++x) CHECK(out[(z * h + y) * w + x] == ((z << 20) | (y << 10) | x));
  }
  {
    const unsigned blocks = 70000;  // more than 65535 on x
    unsigned* d = deviceArray<unsigned>(blocks);
    blockIds<<<blocks, 32>>>(d);
    const auto out = toHost(d, blocks);
    bool all = true;
    for (unsigned b = 0; b < blocks; ++b) all = all && out[b] == b;
    CHECK(all);
  }
  return finish("barriers");
}
