// Planted bug: only lanes 0-15 take part (mask 0xffff) but the first step
// reads 16 lanes down, from lanes outside the mask.
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: .*__shfl_down_sync at .*partial_mask.cu:12: lane 0 \(thread 0\) reads lane 16, which is not in the mask 0x0000ffff
#include "Check.h"

__global__ void halfSum(const float* x, float* out) {
  const int lane = threadIdx.x & 31;
  float v = x[threadIdx.x];
  if (lane < 16) {
    for (int o = 16; o > 0; o >>= 1)
      v += __shfl_down_sync(0x0000ffffu, v, o);
    if (lane == 0) *out = v;
  }
}

int main() {
  float* out = deviceArray<float>(1);
  halfSum<<<1, 32>>>(toDevice(std::vector<float>(32, 1.f)), out);
  toHost(out, 1);
  return finish("partial_mask");
}
