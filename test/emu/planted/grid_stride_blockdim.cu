// Planted bug: the grid-stride loop steps by blockDim.x instead of
// gridDim.x * blockDim.x. Every element still gets the right value (blocks
// overwrite each other with the same one), so only TSan, which sees two
// blocks write the same element unordered, catches it.
// emu-builds: tsan
// emu-expect[tsan]: ThreadSanitizer: data race
#include "Check.h"

__global__ void twice(const float* x, float* y, int n) {
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x) y[i] = 2.f * x[i];
}

int main() {
  const int n = 1000;
  float* y = deviceArray<float>(n);
  twice<<<4, 128>>>(toDevice(std::vector<float>(n, 1.f)), y, n);
  const auto h = toHost(y, n);
  for (float v : h) CHECK(v == 2.f);
  return finish("grid_stride_blockdim");
}
