// Correct warp intrinsics: every shuffle on every type the kernels use,
// widths below 32, partial masks over the lanes that take part, match_any
// with warp-aggregated atomics (as TopK.cu), ballot/any/all and __syncwarp.
#include <cstdint>

#include "Check.h"

// out[t][k]: the k-th shuffle of lane t's value.
template <class T>
__global__ void shuffles(T* out) {
  const int lane = threadIdx.x & 31;
  const T v = static_cast<T>(lane * 3 + 1);
  T* o = out + (blockIdx.x * blockDim.x + threadIdx.x) * 6;
  o[0] = __shfl_sync(0xffffffffu, v, 5);
  o[1] = __shfl_xor_sync(0xffffffffu, v, 1);
  o[2] = __shfl_down_sync(0xffffffffu, v, 3);
  o[3] = __shfl_up_sync(0xffffffffu, v, 2);
  o[4] = __shfl_down_sync(0xffffffffu, v, 4, 16);  // width 16: no reads across halves
  o[5] = __shfl_sync(0xffffffffu, v, lane + 1, 8);
}

template <class T>
bool checkShuffles() {
  const int threads = 64;
  T* d = deviceArray<T>(2 * threads * 6);
  shuffles<T><<<2, threads>>>(d);
  const auto out = toHost(d, threads * 6);  // block 0 (block 1 the same)
  bool ok = true;
  for (int t = 0; t < threads; ++t) {
    const int l = t % 32;
    auto val = [](int lane) { return static_cast<T>(lane * 3 + 1); };
    const T* o = &out[t * 6];
    ok = ok && o[0] == val(5) && o[1] == val(l ^ 1) && o[2] == val(l + 3 < 32 ? l + 3 : l) &&
         o[3] == val(l >= 2 ? l - 2 : l) && o[4] == val(l % 16 + 4 < 16 ? l + 4 : l) &&
         o[5] == val((l & ~7) + ((l + 1) & 7));
  }
  return ok;
}

// Warp sums with shfl_xor and shfl_down (as SimSiamLoss.cu / ReduceCuda.cuh).
__global__ void warpSums(const double* x, double* xorSum, double* downSum) {
  double a = x[blockIdx.x * blockDim.x + threadIdx.x], b = a;
  for (int o = 16; o > 0; o >>= 1) {
    a += __shfl_xor_sync(0xffffffffu, a, o);
    b += __shfl_down_sync(0xffffffffu, b, o);
  }
  const int w = (blockIdx.x * blockDim.x + threadIdx.x) / 32;
  if ((threadIdx.x & 31) == 0) downSum[w] = b;
  if ((threadIdx.x & 31) == 7) xorSum[w] = a;
}

// Lanes 0-15 and 16-31 reduce separately, each with its own mask.
__global__ void halfMasks(int* out) {
  const int lane = threadIdx.x & 31;
  int v = lane;
  if (lane < 16) {
    for (int o = 8; o > 0; o >>= 1) v += __shfl_xor_sync(0x0000ffffu, v, o);
  } else {
    for (int o = 8; o > 0; o >>= 1) v += __shfl_xor_sync(0xffff0000u, v, o);
  }
  out[threadIdx.x] = v;
}

// Warp-aggregated histogram: one atomicAdd per group of equal keys.
__global__ void aggregated(const unsigned long long* keys, unsigned* hist, unsigned* groups) {
  __shared__ unsigned local[8];
  if (threadIdx.x < 8) local[threadIdx.x] = 0;
  __syncthreads();
  const unsigned long long key = keys[threadIdx.x];
  const unsigned bin = static_cast<unsigned>(key % 8);
  const unsigned peers = __match_any_sync(0xffffffffu, bin);
  const int lane = threadIdx.x & 31;
  if (lane == __ffs(peers) - 1) {
    atomicAdd(&local[bin], static_cast<unsigned>(__popc(peers)));
    atomicAdd(groups, 1u);
  }
  __syncthreads();
  if (threadIdx.x < 8) hist[threadIdx.x] = local[threadIdx.x];
}

__global__ void voting(unsigned* out) {
  const int lane = threadIdx.x & 31;
  const unsigned ballot = __ballot_sync(0xffffffffu, lane % 3 == 0);
  const int any = __any_sync(0xffffffffu, lane == 31);
  const int all = __all_sync(0xffffffffu, lane < 31);
  __syncwarp();
  const unsigned m = __match_any_sync(0xffffffffu, static_cast<float>(lane / 8));
  if (lane == 9) {
    out[0] = ballot;
    out[1] = any;
    out[2] = all;
    out[3] = m;
  }
}

int main() {
  CHECK(checkShuffles<float>());
  CHECK(checkShuffles<double>());
  CHECK(checkShuffles<int>());
  CHECK(checkShuffles<unsigned>());
  CHECK(checkShuffles<long long>());
  CHECK(checkShuffles<unsigned long long>());
  {
    const int n = 256 * 3;
    std::vector<double> x(n);
    for (int i = 0; i < n; ++i) x[i] = i * 0.25;
    double *dx = toDevice(x), *a = deviceArray<double>(n / 32), *b = deviceArray<double>(n / 32);
    warpSums<<<3, 256>>>(dx, a, b);
    const auto ha = toHost(a, n / 32), hb = toHost(b, n / 32);
    for (int w = 0; w < n / 32; ++w) {
      double want = 0;
      for (int i = 0; i < 32; ++i) want += x[w * 32 + i];
      CHECK(ha[w] == want);
      CHECK(hb[w] == want);
    }
  }
  {
    int* d = deviceArray<int>(64);
    halfMasks<<<1, 64>>>(d);
    const auto out = toHost(d, 64);
    for (int t = 0; t < 64; ++t) CHECK(out[t] == (t % 32 < 16 ? 120 : 376));
  }
  {
    std::vector<unsigned long long> keys(128);
    unsigned want[8] = {};
    for (int i = 0; i < 128; ++i) ++want[(keys[i] = (i * 37ull) % 5 + (i / 40)) % 8];
    unsigned *hist = deviceArray<unsigned>(8), *groups = deviceArray<unsigned>(1);
    CUDA_OK(cudaMemset(groups, 0, sizeof(unsigned)));
    aggregated<<<1, 128>>>(toDevice(keys), hist, groups);
    const auto h = toHost(hist, 8);
    for (int i = 0; i < 8; ++i) CHECK(h[i] == want[i]);
    CHECK(toHost(groups, 1)[0] < 128u);
  }
  {
    unsigned* d = deviceArray<unsigned>(4);
    voting<<<1, 32>>>(d);
    const auto v = toHost(d, 4);
    CHECK(v[0] == 0x49249249u && v[1] == 1 && v[2] == 0 && v[3] == 0x0000ff00u);
  }
  return finish("warps");
}
