// Many small products share the threads one matrix each; large ones run one
// after another, each threaded inside gemm.
#include "kernels/MatMul.h"

#include "gemm/Gemm.h"
#include "util/ThreadPool.h"

namespace simsiam {

void batchMatMulCpu(const MatMulShape& s, const float* a, const int32_t* aIndex, const float* b,
                    const int32_t* bIndex, float* c, const Epilogue& ep) {
  auto one = [&](int64_t i, bool threaded) {
    const MatrixA ma(a + aIndex[i] * s.M * s.K, s.transA ? s.M : s.K, s.transA);
    const MatrixB mb(b + bIndex[i] * s.K * s.N, s.transB ? s.K : s.N, s.transB);
    float* ci = c + i * s.M * s.N;
    if (threaded)
      gemm(ma, mb, s.M, s.N, s.K, ci, s.N, false, ep);
    else
      gemmSerial(ma, mb, s.M, s.N, s.K, ci, s.N, false, ep);
  };
  const double flops = 2.0 * static_cast<double>(s.M) * s.N * s.K;
  if (s.batch > 1 && flops < 4e6) {
    parallelFor(s.batch, static_cast<int64_t>(1 + 2e5 / (flops + 1)), [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; ++i) one(i, false);
    });
    return;
  }
  for (int64_t i = 0; i < s.batch; ++i) one(i, true);
}

}  // namespace simsiam
