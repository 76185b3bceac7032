// Planted bug: __syncthreads inside a branch taken by the odd threads only;
// the even ones wait at the next barrier.
// emu-builds: plain asan tsan
// emu-expect[plain,asan,tsan]: simsiam-emu: kernel oddsFirst .*divergent barriers: threads 0,2,4,.* wait at __syncthreads \(.*divergent_syncthreads.cu:15\), threads 1,3,5,.* at __syncthreads \(.*divergent_syncthreads.cu:12\)
#include "Check.h"

__global__ void oddsFirst(int* out) {
  __shared__ int s[64];
  s[threadIdx.x] = threadIdx.x;
  if (threadIdx.x % 2) {
    s[threadIdx.x] += 1;
    __syncthreads();
  }
  // every thread
  __syncthreads();
  out[threadIdx.x] = s[63 - threadIdx.x];
}

int main() {
  int* out = deviceArray<int>(64);
  oddsFirst<<<1, 64>>>(out);
  toHost(out, 64);
  return finish("divergent_syncthreads");
}
