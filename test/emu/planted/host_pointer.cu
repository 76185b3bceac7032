// Planted bug: a host vector's data() passed to a kernel instead of a device copy.
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: kernel scale \(launched at .*host_pointer.cu:14\): pointer argument 1 \(0x[0-9a-f]+\) is not inside a live device allocation
#include "Check.h"

__global__ void scale(const float* x, float* y, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 2.f * x[i];
}

int main() {
  std::vector<float> x(100, 1.f);
  float* y = deviceArray<float>(100);
  scale<<<1, 128>>>(x.data(), y, 100);
  toHost(y, 100);
  return finish("host_pointer");
}
