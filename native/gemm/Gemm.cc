// Blocked, threaded driver of gemm (see Gemm.h) and the dense-matrix packers;
// compiled once per CPU path (util/CpuDispatch.h), each with its register tile.
#include "gemm/Gemm.h"

#include <algorithm>
#include <cstdlib>
#include <cstring>
#include <limits>

#include "gemm/MicroKernel.h"
#include "util/Copy.h"
#include "util/CpuDispatch.h"
#include "util/ThreadPool.h"
#include "util/Transpose.h"
#include "util/Workspace.h"

namespace simsiam {
namespace SIMSIAM_CPU_NS {
namespace {

constexpr int64_t MR = kGemmMR, NR = kGemmNR, KC = kGemmKC, KCS = kGemmKCStride;
constexpr int64_t kMC = 144;  // rows of A packed at a time (a multiple of every MR)
constexpr int64_t kNC = 512;  // columns of the B block kept in L2: KC*NC*4 = 512 KiB

int64_t ceilDiv(int64_t a, int64_t b) { return (a + b - 1) / b; }

// Edge tiles (mr < MR or nr < NR) go through a full tile on the stack.
template <int64_t RS, int64_t KS>
inline void tile(int64_t kc, const float* a, const float* b, float* c, int64_t ldc, int64_t mr, int64_t nr,
                 bool accumulate) {
  if (mr == MR && nr == NR) {
    gemm_detail::microKernel<RS, KS>(kc, a, b, c, ldc, accumulate);
    return;
  }
  alignas(64) float t[MR * NR];
  gemm_detail::microKernel<RS, KS>(kc, a, b, t, NR, false);
  for (int64_t r = 0; r < mr; ++r)
    for (int64_t j = 0; j < nr; ++j) c[r * ldc + j] = (accumulate ? c[r * ldc + j] : 0.f) + t[r * NR + j];
}

struct Range {
  int64_t begin, end;
  int64_t size() const { return end - begin; }
};

// C[rows, cols] (+)= A[rows, depth] * B[depth, cols] on one thread; ep (may
// be null) is applied to each tile after its last depth block, while it is
// still in L1.
template <int64_t RS, int64_t KS>
void runBlock(const GemmA& a, const GemmB& b, Range rows, Range cols, Range depth, float* c, int64_t ldc,
              bool accumulate, const Epilogue* ep) {
  constexpr bool rowMajor = RS != 1;
  float* abuf = workspace(WorkspaceSlot::kGemmPackA, static_cast<size_t>(kMC * KCS));
  float* bbuf = workspace(WorkspaceSlot::kGemmPackB, static_cast<size_t>(kNC * KC));
  for (int64_t jc = cols.begin; jc < cols.end; jc += kNC) {
    const int64_t nc = std::min(kNC, cols.end - jc);
    for (int64_t pc = depth.begin; pc < depth.end; pc += KC) {
      const int64_t kc = std::min(KC, depth.end - pc);
      b.pack(pc, kc, jc, nc, bbuf);
      const bool acc = accumulate || pc > depth.begin;
      const bool last = pc + kc >= depth.end;
      for (int64_t ic = rows.begin; ic < rows.end; ic += kMC) {
        const int64_t mc = std::min(kMC, rows.end - ic);
        a.pack(ic, mc, pc, kc, abuf);
        for (int64_t ir = 0; ir < mc; ir += MR) {
          const float* ap = abuf + ir * (rowMajor ? KCS : kc);
          const int64_t mr = std::min(MR, mc - ir);
          for (int64_t jr = 0; jr < nc; jr += NR) {
            const int64_t nr = std::min(NR, nc - jr);
            float* ct = c + (ic + ir) * ldc + jc + jr;
            tile<RS, KS>(kc, ap, bbuf + jr * kc, ct, ldc, mr, nr, acc);
            if (last && ep) applyEpilogue(*ep, ct, ldc, mr, nr, jc + jr);
          }
        }
      }
    }
  }
}

void runBlock(const GemmA& a, const GemmB& b, Range rows, Range cols, Range depth, float* c, int64_t ldc,
              bool accumulate, const Epilogue* ep) {
  if (a.layout() == GemmA::Layout::kRowMajor)
    runBlock<KCS, 1>(a, b, rows, cols, depth, c, ldc, accumulate, ep);
  else
    runBlock<1, MR>(a, b, rows, cols, depth, c, ldc, accumulate, ep);
}

// K == 0: the product is zero.
void emptyProduct(int64_t M, int64_t N, float* c, int64_t ldc, bool accumulate, const Epilogue& ep) {
  if (!accumulate)
    for (int64_t i = 0; i < M; ++i) std::fill(c + i * ldc, c + i * ldc + N, 0.f);
  if (!ep.isIdentity()) applyEpilogue(ep, c, ldc, M, N, 0);
}

// How C and the depth are cut into tasks: tm x tn blocks of C, each split
// into tk depth slices (tk > 1 sums private partial products afterwards).
struct Split {
  int64_t rowsPerTask, colsPerTask, depthPerTask;
};

// Picks the split with the least estimated time: the slowest thread's
// multiply-adds plus its packing (A is re-packed for every column block of a
// task, B for every task), plus the reduction of depth slices. Costs are in
// rough cycles: kGemmNR multiply-adds or one packed element per cycle.
// Dynamic scheduling over several tasks per thread absorbs uneven threads.
Split chooseSplit(int64_t M, int64_t N, int64_t K, int threads) {
  const Split serial{M, N, K};
  if (threads <= 1 || static_cast<double>(M) * N * K < 65536) return serial;
  const int64_t tilesM = ceilDiv(M, MR), tilesN = ceilDiv(N, NR), maxTasks = 8 * threads;
  double best = std::numeric_limits<double>::infinity();
  Split pick = serial;
  for (int64_t tm = 1; tm <= std::min(tilesM, maxTasks); ++tm)
    for (int64_t tn = 1; tn <= std::min(tilesN, maxTasks / tm); ++tn)
      for (int64_t tk = 1; tk <= maxTasks / (tm * tn); ++tk) {
        // Depth slices: at least a block each, partial products within 128 MiB.
        if (tk > 1 && (K < tk * KC || (tk - 1) * M * N > (int64_t{1} << 25))) break;
        const int64_t rows = ceilDiv(tilesM, tm) * MR, cols = ceilDiv(tilesN, tn) * NR;
        const int64_t depth = ceilDiv(ceilDiv(K, tk), KC) * KC;
        const int64_t tasks = ceilDiv(M, rows) * ceilDiv(N, cols) * ceilDiv(K, depth);
        const double task = static_cast<double>(rows) * cols * depth / kGemmNR +
                            static_cast<double>(rows) * depth * ceilDiv(cols, kNC) +
                            static_cast<double>(depth) * cols + 20000.0;
        const double reduce = tk > 1 ? static_cast<double>(tk) * M * N / threads : 0.0;
        // Threads do not run at the same speed (other processes share the
        // cores): on average the last task finishes half a task late.
        const double time = (static_cast<double>(ceilDiv(tasks, threads)) + 0.5) * task + reduce;
        if (time < best * 0.98) {  // prefer fewer tasks on near ties
          best = time;
          pick = {std::min(rows, M), std::min(cols, N), std::min(depth, K)};
        }
      }
  return pick;
}

}  // namespace

// MatrixA::pack of A(i, k) = src[i*ld + k], or src[k*ld + i] when transposed.
void packMatrixA(const float* src, int64_t ld, bool transposed, int64_t i0, int64_t mc, int64_t k0, int64_t kc,
                 float* dst) {
  const int64_t padded = ceilDiv(mc, MR) * MR;
  if (!transposed) {
    // Row-major panels: row r of the block at dst + r*KCS.
    for (int64_t r = 0; r < padded; ++r) {
      float* d = dst + r * KCS;
      if (r < mc)
        std::memcpy(d, src + (i0 + r) * ld + k0, static_cast<size_t>(kc) * sizeof(float));
      else
        std::memset(d, 0, static_cast<size_t>(kc) * sizeof(float));
    }
    return;
  }
  // Depth-major panels from A^T: each depth row of the source holds all the
  // block's rows contiguously; read it once, in order, into every panel.
  for (int64_t k = 0; k < kc; ++k) {
    const float* s = src + (k0 + k) * ld + i0;
    for (int64_t p = 0; p * MR < mc; ++p) {
      const int64_t rows = std::min(MR, mc - p * MR);
      float* d = dst + p * MR * kc + k * MR;
      copyShort(d, s + p * MR, rows);
      if (rows < MR) zeroShort(d + rows, MR - rows);
    }
  }
}

// MatrixB::pack of B(k, j) = src[k*ld + j], or src[j*ld + k] when transposed.
void packMatrixB(const float* src, int64_t ld, bool transposed, int64_t k0, int64_t kc, int64_t j0, int64_t nc,
                 float* dst) {
  for (int64_t q = 0; q * NR < nc; ++q) {
    const int64_t cols = std::min(NR, nc - q * NR);
    float* d = dst + q * NR * kc;
    if (!transposed) {
      const float* s = src + k0 * ld + j0 + q * NR;
      for (int64_t k = 0; k < kc; ++k, d += NR, s += ld) {
        for (int64_t j = 0; j < cols; ++j) d[j] = s[j];
        for (int64_t j = cols; j < NR; ++j) d[j] = 0.f;
      }
      continue;
    }
    // B^T's rows are B's columns: transpose a cols x kc block into the panel.
    transposeRows(src + (j0 + q * NR) * ld + k0, ld, 0, cols, kc, d, NR);
    if (cols < NR)
      for (int64_t k = 0; k < kc; ++k) zeroShort(d + k * NR + cols, NR - cols);
  }
}

void gemmSerial(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
                bool accumulate, const Epilogue& ep) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) return emptyProduct(M, N, c, ldc, accumulate, ep);
  runBlock(a, b, {0, M}, {0, N}, {0, K}, c, ldc, accumulate, ep.isIdentity() ? nullptr : &ep);
}

void gemm(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
          bool accumulate, const Epilogue& ep) {
  if (M <= 0 || N <= 0) return;
  if (K <= 0) return emptyProduct(M, N, c, ldc, accumulate, ep);
  const Split s = chooseSplit(M, N, K, numThreads());
  const int64_t tm = ceilDiv(M, s.rowsPerTask), tn = ceilDiv(N, s.colsPerTask), tk = ceilDiv(K, s.depthPerTask);
  const Epilogue* fused = ep.isIdentity() || tk > 1 ? nullptr : &ep;
  if (tm * tn * tk == 1) return runBlock(a, b, {0, M}, {0, N}, {0, K}, c, ldc, accumulate, fused);

  // Depth slices after the first write private M x N partial products.
  float* partial = tk > 1 ? workspace(WorkspaceSlot::kGemmPartial, static_cast<size_t>((tk - 1) * M * N)) : nullptr;
  parallelFor(tm * tn * tk, 1, [&](int64_t begin, int64_t end) {
    for (int64_t t = begin; t < end; ++t) {
      const int64_t ki = t % tk, ni = (t / tk) % tn, mi = t / (tk * tn);
      const Range rows{mi * s.rowsPerTask, std::min(M, (mi + 1) * s.rowsPerTask)};
      const Range cols{ni * s.colsPerTask, std::min(N, (ni + 1) * s.colsPerTask)};
      const Range depth{ki * s.depthPerTask, std::min(K, (ki + 1) * s.depthPerTask)};
      if (ki == 0)
        runBlock(a, b, rows, cols, depth, c, ldc, accumulate, fused);
      else
        runBlock(a, b, rows, cols, depth, partial + (ki - 1) * M * N, N, false, nullptr);
    }
  });
  if (tk == 1) return;
  parallelFor(M, std::max<int64_t>(1, 16384 / N), [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      float* row = c + i * ldc;
      for (int64_t ki = 1; ki < tk; ++ki) {
        const float* p = partial + (ki - 1) * M * N + i * N;
        for (int64_t j = 0; j < N; ++j) row[j] += p[j];
      }
    }
    if (!ep.isIdentity()) applyEpilogue(ep, c + begin * ldc, ldc, end - begin, N, 0);
  });
}

GemmTile gemmTile() { return {kGemmMR, kGemmNR, kGemmIsa}; }

}  // namespace SIMSIAM_CPU_NS

#if SIMSIAM_CPU_DISPATCHERS
SIMSIAM_CPU_VARIANTS(packMatrixA)
SIMSIAM_CPU_VARIANTS(packMatrixB)
SIMSIAM_CPU_VARIANTS(gemmSerial)
SIMSIAM_CPU_VARIANTS(gemm)
SIMSIAM_CPU_VARIANTS(gemmTile)

void MatrixA::pack(int64_t i0, int64_t mc, int64_t k0, int64_t kc, float* dst) const {
  SIMSIAM_CPU_PICK(packMatrixA)(p_, ld_, transposed_, i0, mc, k0, kc, dst);
}

void MatrixB::pack(int64_t k0, int64_t kc, int64_t j0, int64_t nc, float* dst) const {
  SIMSIAM_CPU_PICK(packMatrixB)(p_, ld_, transposed_, k0, kc, j0, nc, dst);
}

void gemmSerial(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc,
                bool accumulate, const Epilogue& ep) {
  SIMSIAM_CPU_PICK(gemmSerial)(a, b, M, N, K, c, ldc, accumulate, ep);
}

void gemm(const GemmA& a, const GemmB& b, int64_t M, int64_t N, int64_t K, float* c, int64_t ldc, bool accumulate,
          const Epilogue& ep) {
  SIMSIAM_CPU_PICK(gemm)(a, b, M, N, K, c, ldc, accumulate, ep);
}

GemmTile gemmTile() { return SIMSIAM_CPU_PICK(gemmTile)(); }
#endif

}  // namespace simsiam
