// Planted bug: lanes past n return, then the rest shuffle with the full mask.
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: kernel tailSum .*__shfl_xor_sync at .*exited_lane.cu:11 with mask 0xffffffff cannot complete: threads 0-19 wait there but thread 20 \(lane 20\) has exited
#include "Check.h"

__global__ void tailSum(const float* x, float* out, int n) {
  const int i = threadIdx.x;
  if (i >= n) return;
  float v = x[i];
  for (int o = 16; o > 0; o >>= 1)
    v += __shfl_xor_sync(0xffffffffu, v, o);
  if (i == 0) *out = v;
}

int main() {
  float* out = deviceArray<float>(1);
  tailSum<<<1, 32>>>(toDevice(std::vector<float>(20, 1.f)), out, 20);
  toHost(out, 1);
  return finish("exited_lane");
}
