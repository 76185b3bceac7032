// Planted bug: the warp reduction stops at offset 2 (o > 1), so lane 0 holds
// the sum of only half the lanes; the CPU reference disagrees.
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: differs from the CPU reference
#include "Check.h"

__global__ void warpSum(const int* x, int* out) {
  int v = x[threadIdx.x];
  for (int o = 16; o > 1; o >>= 1) v += __shfl_down_sync(0xffffffffu, v, o);
  if (threadIdx.x == 0) *out = v;
}

int main() {
  std::vector<int> x(32);
  int want = 0;
  for (int i = 0; i < 32; ++i) want += (x[i] = i * i);
  int* out = deviceArray<int>(1);
  warpSum<<<1, 32>>>(toDevice(x), out);
  const int got = toHost(out, 1)[0];
  if (got != want) {
    std::fprintf(stderr, "warp sum %d differs from the CPU reference %d\n", got, want);
    return 1;
  }
  return finish("wrong_shuffle_offset");
}
