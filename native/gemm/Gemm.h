// Single-precision GEMM of the CPU kernels: C (M x N, row-major, row stride
// ldc) = A * B (+ C), then an optional epilogue (bias, activation). The
// operands are packers rather than matrices, so a convolution feeds im2col
// panels straight into the packed blocks without materialising the column
// matrix. Blocking follows the usual scheme (Goto/BLIS): a KC x NC block of B
// stays in L2, an MR-row panel of A in L1, an MR x NR tile of C in registers.
#pragma once
#include <cstdint>

#include "gemm/Epilogue.h"

namespace simsiam {

// The register tile (MR x NR) of the micro-kernel depends on the instruction
// set (gemm/MicroKernel.h): one per CPU path (util/CpuDispatch.h).
struct GemmTile {
  int mr, nr;
  int nrMin;        // the narrowest B panel (gemm/MicroKernel.h: kGemmNarrowNR)
  const char* isa;  // "avx512f", "avx2+fma" or "portable"
};
// The tile of the path this process runs.
GemmTile gemmTile();

constexpr int64_t kGemmKC = 256;  // depth of one packed block
// Row stride of row-major A panels: 16 floats of slack put the MR rows in
// different L1 sets.
constexpr int64_t kGemmKCStride = kGemmKC + 16;

// Left operand. pack() writes rows [i0, i0 + mc) x depth [k0, k0 + kc) as
// ceil(mc / MR) panels of MR rows (MR of gemmTile()); rows past mc are zero. Layouts:
//   kRowMajor:   panel p at dst + p*MR*kGemmKCStride, (r, k) at r*kGemmKCStride + k
//   kDepthMajor: panel p at dst + p*MR*kc,            (r, k) at k*MR + r
// Each source picks the layout it can write with contiguous copies.
class GemmA {
 public:
  enum class Layout { kRowMajor, kDepthMajor };
  virtual ~GemmA() = default;
  virtual Layout layout() const = 0;
  virtual void pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const = 0;
};

// Right operand. pack() writes depth [k0, k0 + kc) x columns [j0, j0 + nc) as
// ceil(nc / nr) panels of nr columns, panel q at dst + q*nr*kc, (k, j) at
// k*nr + j; columns past nc are zero. nr is the tile's NR, or a narrower
// panel width for the last columns of the product (gemm/MicroKernel.h).
class GemmB {
 public:
  virtual ~GemmB() = default;
  virtual void pack(int64_t k0, int64_t kc, int64_t j0, int64_t nc, int64_t nr, float* dst) const = 0;
};

// A dense row-major matrix as the left operand: A(i, k) = p[i*ld + k], or
// p[k*ld + i] when transposed.
class MatrixA final : public GemmA {
 public:
  MatrixA(const float* p, int64_t ld, bool transposed) : p_(p), ld_(ld), transposed_(transposed) {}
  Layout layout() const override { return transposed_ ? Layout::kDepthMajor : Layout::kRowMajor; }
  void pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const override;

 private:
  const float* p_;
  int64_t ld_;
  bool transposed_;
};

// A dense row-major matrix as the right operand: B(k, j) = p[k*ld + j], or
// p[j*ld + k] when transposed.
class MatrixB final : public GemmB {
 public:
  MatrixB(const float* p, int64_t ld, bool transposed) : p_(p), ld_(ld), transposed_(transposed) {}
  void pack(int64_t k0, int64_t kc, int64_t j0, int64_t nc, int64_t nr, float* dst) const override;

 private:
  const float* p_;
  int64_t ld_;
  bool transposed_;
};

// C = A*B (accumulate: C += A*B), then ep on every value of C. Threads over
// blocks of C, or over the depth when C is too small to keep them busy.
void gemm(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
          bool accumulate, const Epilogue& ep = Epilogue{});

// The same on the calling thread only: for callers already inside parallelFor
// (the pool runs one parallel region at a time).
void gemmSerial(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
                bool accumulate, const Epilogue& ep = Epilogue{});

// Plain triple loop with double accumulation: what the tests compare the
// blocked GEMM against. C = op(A) op(B) on dense row-major matrices.
void gemmReference(bool transA, bool transB, int64_t M, int64_t N, int64_t K, const float* a, int64_t lda,
                   const float* b, int64_t ldb, float* c, int64_t ldc);

}  // namespace simsiam
