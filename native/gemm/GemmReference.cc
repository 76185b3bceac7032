// The plain reference GEMM (see Gemm.h): no blocking, no threads, double
// accumulation, so that its own rounding is negligible in the tests.
#include "gemm/Gemm.h"

namespace simsiam {

void gemmReference(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* a, int64_t lda,
                   const float* b, int64_t ldb, float* c, int64_t ldc) {
  for (int64_t i = 0; i < M; ++i)
    for (int64_t j = 0; j < N; ++j) {
      double sum = 0;
      for (int64_t k = 0; k < K; ++k) {
        const double x = transA ? a[k * lda + i] : a[i * lda + k];
        const double y = transB ? b[j * ldb + k] : b[k * ldb + j];
        sum += x * y;
      }
      c[i * ldc + j] = static_cast<float>(sum);
    }
}

}  // namespace simsiam
