// Planted bug: the barrier between the shared writes and the reads is
// missing. Thread 0 reads slots nothing wrote yet: poisoned 0xFF bytes, NaN.
// emu-builds: plain asan tsan
// emu-expect[plain,asan]: sum is -?nan
// emu-expect[tsan]: ThreadSanitizer: data race
#include "Check.h"

__global__ void blockSum(const float* x, float* out) {
  __shared__ float s[128];
  s[threadIdx.x] = x[threadIdx.x];
  // __syncthreads(); missing
  if (threadIdx.x == 0) {
    float sum = 0;
    for (int i = 0; i < 128; ++i) sum += s[i];
    *out = sum;
  }
}

int main() {
  float* out = deviceArray<float>(1);
  blockSum<<<1, 128>>>(toDevice(std::vector<float>(128, 1.f)), out);
  const float sum = toHost(out, 1)[0];
  if (sum != 128.f) {
    std::fprintf(stderr, "sum is %g, expected 128\n", sum);
    return 1;
  }
  return finish("missing_syncthreads");
}
