// Speed of the emulator on the project's loss kernel (native/kernels/
// SimSiamLoss.cu, linked in by `run.sh bench`): B 512, D 2048, two pairs
// (512 blocks of 256 CUDA threads), and on a trivial kernel. CPU time of the
// process (the device thread does the work), so a loaded machine counts less.
#include <time.h>

#include "Check.h"
#include "kernels/SimSiamLoss.h"

__global__ void touch(float* x, int n) {
  const int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) x[i] += 1.f;
}

double cpuSeconds() {
  timespec t;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
  return t.tv_sec + 1e-9 * t.tv_nsec;
}

template <class F>
double seconds(F f) {
  const double t0 = cpuSeconds();
  f();
  CUDA_OK(cudaDeviceSynchronize());
  return cpuSeconds() - t0;
}

int main() {
  const int64_t B = 512, D = 2048;
  std::vector<float> host(B * D);
  for (size_t i = 0; i < host.size(); ++i) host[i] = static_cast<float>(i % 97) / 97.f - 0.5f;
  simsiam::LossPairs pairs{2, {}, {}, {}, 0.5f};
  for (int k = 0; k < 2; ++k) {
    pairs.p[k] = toDevice(host);
    pairs.z[k] = toDevice(host);
    pairs.grad[k] = deviceArray<float>(host.size());
  }
  float *loss = deviceArray<float>(1), *rows = deviceArray<float>(B);
  unsigned* counter = deviceArray<unsigned>(1);
  const int iters = 3;
  simsiam::pairLossCudaWorkspace(pairs, B, D, loss, rows, counter, nullptr);  // warm-up: fibers, stacks
  const double s = seconds([&] {
    for (int i = 0; i < iters; ++i) CHECK(simsiam::pairLossCudaWorkspace(pairs, B, D, loss, rows, counter, nullptr) == 0);
  });
  const double threads = static_cast<double>(B) * 256 * iters;
  std::printf("loss B %lld D %lld: %.1f ms per launch, %.1f ns per CUDA thread\n", static_cast<long long>(B),
              static_cast<long long>(D), 1e3 * s / iters, 1e9 * s / threads);
  const int n = 1 << 22;
  float* x = deviceArray<float>(n);
  const double t = seconds([&] { touch<<<n / 256, 256>>>(x, n); });
  std::printf("trivial kernel: %.1f ns per CUDA thread\n", 1e9 * t / n);
  return finish("loss_speed");
}
